from django.urls import reverse

from core.links import pk_url, pk_url_format


def test_pk_url_is_reverse():
    for name in ("schools:act_version", "schools:school_acts", "monitoring:task_detail"):
        url = pk_url(name)
        assert [url(pk) for pk in (1, 42, 10**9)] == [reverse(name, args=[pk]) for pk in (1, 42, 10**9)]


def test_pk_url_with_leading_arguments_and_its_format_pattern():
    edit = pk_url("monitoring:website_check_edit", 7)
    pattern = pk_url_format("monitoring:website_check_edit", 7)
    for pk in (1, 42, 10**9):
        expected = reverse("monitoring:website_check_edit", args=[7, pk])
        assert edit(pk) == expected == pattern.format(pk)
    assert pk_url_format("monitoring:task_detail").format(5) == reverse("monitoring:task_detail", args=[5])

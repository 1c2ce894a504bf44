from django.urls import reverse

from core.links import pk_url


def test_pk_url_is_reverse():
    for name in ("schools:act_version", "schools:school_acts", "monitoring:task_detail"):
        url = pk_url(name)
        assert [url(pk) for pk in (1, 42, 10**9)] == [reverse(name, args=[pk]) for pk in (1, 42, 10**9)]

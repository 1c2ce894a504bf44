"""Permission matrix for every local-acts URL: role × school inside/outside scope × method.

Targets: ``home`` — the home head's own school; ``sibling`` — another school of the same municipality
(a head must not see it); ``away`` — a school of the other municipality.
"""
import pytest
from django.urls import reverse

from tests.factories import act_file, make_act_version
from schools.models import ActEvent, LocalActVersion, ReviewState

pytestmark = pytest.mark.django_db

ROLES = ["admin", "regional", "municipal", "school_head"]
TARGETS = ["home", "sibling", "away"]


def _expect(admin, regional, municipal, head):
    table = {"admin": admin, "regional": regional, "municipal": municipal, "school_head": head}
    return {(role, target): table[role][i] for role in ROLES for i, target in enumerate(TARGETS)}


READ = _expect(admin=(200, 200, 200), regional=(200, 200, 200), municipal=(200, 200, 404), head=(200, 404, 404))
# Uploads: the school's own head and administrators; officers in scope are refused (403), out of scope 404.
UPLOAD = _expect(admin=(302, 302, 302), regional=(403, 403, 403), municipal=(403, 403, 404), head=(302, 404, 404))
# Reviews: officers of the school's municipality and administrators.
REVIEW = _expect(admin=(302, 302, 302), regional=(403, 403, 403), municipal=(302, 302, 404), head=(403, 404, 404))


@pytest.fixture
def acts(world):
    """One version on review per target school, uploaded by that school's head."""
    made = {}
    for target, school, head in (
        ("home", world.home.school, world.home.head),
        ("sibling", world.home.other_school, world.home.other_head),
        ("away", world.away.school, world.away.head),
    ):
        made[target] = make_act_version(school, user=head, file=act_file("pdf", text=f"act {target}"))
    return made


def _school(world, target):
    return {"home": world.home.school, "sibling": world.home.other_school, "away": world.away.school}[target]


READ_URLS = {
    "school_acts": lambda world, acts, target: reverse("schools:school_acts", args=[_school(world, target).pk]),
    "act_version": lambda world, acts, target: reverse("schools:act_version", args=[acts[target].pk]),
    "act_download": lambda world, acts, target: reverse("schools:act_download", args=[acts[target].pk]),
}


@pytest.mark.parametrize("url_name", sorted(READ_URLS))
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(client, world, acts, role, target, url_name):
    client.force_login(world.user(role))
    response = client.get(READ_URLS[url_name](world, acts, target))
    assert response.status_code == READ[(role, target)]
    if response.status_code == 200 and url_name == "act_download":
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    if response.status_code == 200 and url_name == "school_acts":
        body = response.content.decode()
        assert _school(world, target).short_name in body
        others = {t: _school(world, t) for t in TARGETS if t != target}
        assert not any(f'href="/schools/acts/versions/{acts[t].pk}/"' in body for t in others)


def _upload(world, target):
    url = reverse("schools:act_upload", args=[_school(world, target).pk, "vsoko"])
    return url, {"file": act_file("pdf"), "approval_number": "77", "approval_date": "01.09.2022",
                 "published_url": "https://school.example.ru/sveden/document/", "comment": "Новая редакция"}


def _review(acts, target):
    return reverse("schools:act_review", args=[acts[target].pk]), {
        "decision": ReviewState.RETURNED, "remarks": "Нет раздела об оценочных процедурах",
        "expected_state": ReviewState.PENDING,
    }


def _snapshot():
    return (LocalActVersion.objects.count(), ActEvent.objects.count(),
            sorted(LocalActVersion.objects.values_list("state", flat=True)))


def _post_as(client, world, role, url_and_data):
    """The snapshot before, and the response to ``role`` posting ``(url, data)``."""
    before = _snapshot()
    client.force_login(world.user(role))
    url, data = url_and_data
    return before, client.post(url, data)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
def test_upload_matrix(client, world, acts, role, target):
    before, response = _post_as(client, world, role, _upload(world, target))
    assert response.status_code == UPLOAD[(role, target)]
    if response.status_code == 302:
        assert LocalActVersion.objects.filter(act__school=_school(world, target)).count() == 2
        assert LocalActVersion.objects.count() == before[0] + 1
    else:
        assert _snapshot() == before, "a refused upload must change nothing"


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
def test_review_matrix(client, world, acts, role, target):
    before, response = _post_as(client, world, role, _review(acts, target))
    assert response.status_code == REVIEW[(role, target)]
    acts[target].refresh_from_db()
    if response.status_code == 302:
        assert acts[target].state == ReviewState.RETURNED
        assert acts[target].reviewer == world.user(role)
    else:
        assert acts[target].state == ReviewState.PENDING
        assert _snapshot() == before, "a refused review must change nothing"


@pytest.mark.parametrize("role, expected", [("admin", 200), ("regional", 200), ("municipal", 200), ("school_head", 403)])
def test_review_queue_by_role(client, world, acts, role, expected):
    client.force_login(world.user(role))
    response = client.get(reverse("schools:review_queue"))
    assert response.status_code == expected
    if expected == 200:
        body = response.content.decode()
        shown = {t for t in TARGETS if f'href="/schools/acts/versions/{acts[t].pk}/"' in body}
        assert shown == ({"home", "sibling"} if role == "municipal" else set(TARGETS))


@pytest.mark.parametrize("role, target", [("admin", "review_queue"), ("regional", "review_queue"),
                                          ("municipal", "review_queue"), ("school_head", "school_acts")])
def test_my_acts_sends_each_role_to_its_page(client, world, role, target):
    client.force_login(world.user(role))
    response = client.get(reverse("schools:my_acts"))
    assert response.status_code == 302
    expected = reverse("schools:review_queue") if target == "review_queue" else \
        reverse("schools:school_acts", args=[world.home.school.pk])
    assert response.url == expected


def test_regional_sees_no_review_form(client, world, acts):
    client.force_login(world.regional)
    body = client.get(reverse("schools:act_version", args=[acts["home"].pk])).content.decode()
    assert 'id="review-form"' not in body


def test_officer_sees_no_upload_form(client, world, acts):
    client.force_login(world.home.officer)
    body = client.get(reverse("schools:school_acts", args=[world.home.school.pk])).content.decode()
    assert "upload-form" not in body


METHOD_CASES = [
    ("get", "act_upload"), ("get", "act_review"),
    ("post", "school_acts"), ("post", "act_version"), ("post", "act_download"), ("post", "review_queue"),
    ("post", "my_acts"),
]


@pytest.mark.parametrize("method, url_name", METHOD_CASES)
def test_wrong_method_is_refused(client, world, acts, method, url_name):
    client.force_login(world.admin)
    url = _url(world, acts, url_name)
    before = _snapshot()
    assert getattr(client, method)(url).status_code == 405
    assert _snapshot() == before


def _url(world, acts, url_name):
    args = {
        "my_acts": [], "review_queue": [], "school_acts": [world.home.school.pk],
        "act_upload": [world.home.school.pk, "vsoko"], "act_version": [acts["home"].pk],
        "act_review": [acts["home"].pk], "act_download": [acts["home"].pk],
    }[url_name]
    return reverse(f"schools:{url_name}", args=args)


ALL_URLS = ["my_acts", "review_queue", "school_acts", "act_upload", "act_version", "act_review", "act_download"]


@pytest.mark.parametrize("url_name", ALL_URLS)
def test_anonymous_is_sent_to_login(client, world, acts, url_name):
    before = _snapshot()
    method = client.post if url_name in ("act_upload", "act_review") else client.get
    response = method(_url(world, acts, url_name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert _snapshot() == before


@pytest.mark.parametrize("url_name, expected", [
    ("my_acts", 403), ("review_queue", 403), ("school_acts", 404), ("act_version", 404), ("act_download", 404),
    ("act_review", 404), ("act_upload", 404),
])
def test_user_without_role(client, world, acts, django_user_model, url_name, expected):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    method = client.post if url_name in ("act_upload", "act_review") else client.get
    assert method(_url(world, acts, url_name)).status_code == expected


def test_unknown_or_retired_kind_is_404(client, world):
    from schools.models import LocalActKind

    LocalActKind.objects.filter(code="vsoko").update(is_active=False)
    client.force_login(world.home.head)
    for code in ("vsoko", "no-such-kind"):
        url = reverse("schools:act_upload", args=[world.home.school.pk, code])
        assert client.post(url, {"file": act_file(), "approval_number": "1", "approval_date": "01.09.2022"}).status_code == 404
    assert not LocalActVersion.objects.exists()

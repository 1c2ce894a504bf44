"""Permission matrix: every roadmap URL × method × role, against an object inside and outside the role's scope."""
import pytest
from django.urls import reverse

from roadmaps.status import Status

pytestmark = pytest.mark.django_db

ROLES = ["admin", "regional", "municipal", "school_head"]

# (role, side) -> expected status for reading; writes are below.
READ_EXPECTED = {
    ("admin", "home"): 200, ("admin", "away"): 200,
    ("regional", "home"): 200, ("regional", "away"): 200,
    ("municipal", "home"): 200, ("municipal", "away"): 404,
    ("school_head", "home"): 200, ("school_head", "away"): 404,
}
# Only municipal officers (their municipality) and administrators change items.
WRITE_EXPECTED = {
    ("admin", "home"): 302, ("admin", "away"): 302,
    ("regional", "home"): 403, ("regional", "away"): 403,
    ("municipal", "home"): 302, ("municipal", "away"): 404,
    ("school_head", "home"): 403, ("school_head", "away"): 404,
}

READ_URLS = {
    "roadmap_detail": lambda side: reverse("roadmaps:roadmap_detail", args=[side.roadmap.pk]),
    "order_detail": lambda side: reverse("roadmaps:order_detail", args=[side.order.pk]),
    "item_detail": lambda side: reverse("roadmaps:item_detail", args=[side.item.pk]),
}


def _status_post(side):
    return reverse("roadmaps:item_status", args=[side.item.pk]), {
        "status": Status.IN_PROGRESS, "comment": "Начали", "version": side.item.version,
    }


def _deadline_post(side):
    return reverse("roadmaps:item_deadline", args=[side.item.pk]), {
        "start": "01.10.2022", "end": "15.11.2022", "version": side.item.version,
    }


WRITE_URLS = {"item_status": _status_post, "item_deadline": _deadline_post}


@pytest.mark.parametrize("url_name", sorted(READ_URLS))
@pytest.mark.parametrize("side_name", ["home", "away"])
@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(client, world, role, side_name, url_name):
    client.force_login(world.user(role))
    response = client.get(READ_URLS[url_name](getattr(world, side_name)))
    assert response.status_code == READ_EXPECTED[(role, side_name)]


@pytest.mark.parametrize("url_name", sorted(WRITE_URLS))
@pytest.mark.parametrize("side_name", ["home", "away"])
@pytest.mark.parametrize("role", ROLES)
def test_write_matrix(client, world, role, side_name, url_name):
    side = getattr(world, side_name)
    before = (side.item.status, side.item.deadline_end, side.item.events.count())
    client.force_login(world.user(role))
    url, data = WRITE_URLS[url_name](side)
    response = client.post(url, data)
    assert response.status_code == WRITE_EXPECTED[(role, side_name)]
    side.item.refresh_from_db()
    after = (side.item.status, side.item.deadline_end, side.item.events.count())
    if response.status_code == 302:
        assert after != before and side.item.events.count() == 1
    else:
        assert after == before, "a refused write must change nothing"


@pytest.mark.parametrize("url_name", sorted(WRITE_URLS))
def test_writes_refuse_get(client, world, url_name):
    client.force_login(world.home.officer)
    url, _ = WRITE_URLS[url_name](world.home)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_scope(client, world, role):
    client.force_login(world.user(role))
    for url in (reverse("dashboard"), reverse("roadmaps:roadmap_list")):
        body = client.get(url).content.decode()
        assert world.home.municipality.name in body
        sees_away = role in ("admin", "regional")
        assert (world.away.municipality.name in body) is sees_away


def test_user_without_role_sees_nothing(client, world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(READ_URLS["roadmap_detail"](world.home)).status_code == 404
    assert world.home.municipality.name not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("url", ["/", "/roadmaps/", "/items/1/", "/orders/1/", "/roadmaps/1/"])
def test_anonymous_is_sent_to_login(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


class TestEvidenceDownload:
    @pytest.fixture
    def events(self, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from roadmaps.services import item_set_status

        made = {}
        for side_name, officer in (("home", world.home.officer), ("away", world.away.officer)):
            side = getattr(world, side_name)
            pdf = SimpleUploadedFile("акт.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
            made[side_name] = item_set_status(
                item=side.item, user=officer, status=Status.DONE, expected_version=side.item.version,
                comment="Готово", evidence_file=pdf,
            )
        return made

    @pytest.mark.parametrize("side_name", ["home", "away"])
    @pytest.mark.parametrize("role", ROLES)
    def test_matrix(self, client, world, events, role, side_name):
        client.force_login(world.user(role))
        response = client.get(reverse("roadmaps:evidence_download", args=[events[side_name].pk]))
        assert response.status_code == READ_EXPECTED[(role, side_name)]
        if response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_evidence_lost_from_storage_is_404_not_500(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from roadmaps.services import item_set_status

    event = item_set_status(
        item=world.home.item, user=world.home.officer, status=Status.DONE, expected_version=1, comment="Готово",
        evidence_file=SimpleUploadedFile("акт.pdf", b"%PDF-1.4\n%test\n"),
    )
    event.evidence_file.storage.delete(event.evidence_file.name)
    client.force_login(world.home.officer)
    assert client.get(reverse("roadmaps:evidence_download", args=[event.pk])).status_code == 404

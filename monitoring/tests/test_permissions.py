"""Permission matrix: every monitoring URL × method × role, against objects inside and outside the role's scope.

Sides (home, sibling, away) and the common tables: tests/permissions.py.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from monitoring.models import SchoolTask, TaskEvent, WebsiteCheck
from monitoring.services import campaign_create, school_task_set_status
from roadmaps.status import Status
from schools.models import LocalActKind
from tests.permissions import ROLES, SCHOOL_READ, expect

pytestmark = pytest.mark.django_db

# School-level objects: (url name) -> side -> role -> status
TASK_STATUS_WRITE = {
    "home": expect(302, 403, 302, 302),
    "sibling": expect(302, 403, 302, 404),
    "away": expect(302, 403, 404, 404),
}
TASK_EXTEND_WRITE = {
    "home": expect(302, 403, 302, 403),
    "sibling": expect(302, 403, 302, 404),
    "away": expect(302, 403, 404, 404),
}
CAMPAIGN_READ = {"home": expect(200, 200, 200, 404), "away": expect(200, 200, 404, 404)}
CHECK_FORM = {"home": expect(200, 403, 200, 404), "away": expect(200, 403, 404, 404)}
CHECK_WRITE = {"home": expect(302, 403, 302, 404), "away": expect(302, 403, 404, 404)}


@pytest.fixture
def objects(synced_world, pdf_file):
    w = synced_world
    made = {}
    for name, school, head, officer, municipality in (
        ("home", w.home.school, w.home.head, w.home.officer, w.home.municipality),
        ("sibling", w.home.other_school, w.home.other_head, w.home.officer, w.home.municipality),
        ("away", w.away.school, w.away.head, w.away.officer, w.away.municipality),
    ):
        tasks = list(SchoolTask.objects.filter(school=school).order_by("pk"))
        event = school_task_set_status(
            task=tasks[1],
            user=head,
            status=Status.DONE,
            expected_version=1,
            comment="Размещено",
            evidence_file=pdf_file(),
        )
        campaign = None
        if name != "sibling":
            campaign = campaign_create(
                user=officer,
                municipality=municipality,
                title=f"Мониторинг сайтов ОО ({name})",
                period_start=date(2022, 11, 1),
                period_end=date(2022, 11, 30),
            )
        made[name] = SimpleNamespace(school=school, task=tasks[0], event=event, campaign=campaign)
    return made


def _login(client, world, role):
    client.force_login(world.user(role))


READ_URLS = {
    "school_cabinet": (SCHOOL_READ, lambda o: reverse("monitoring:school_cabinet", args=[o.school.pk])),
    "task_detail": (SCHOOL_READ, lambda o: reverse("monitoring:task_detail", args=[o.task.pk])),
    "task_evidence": (SCHOOL_READ, lambda o: reverse("monitoring:task_evidence", args=[o.event.pk])),
    "campaign_detail": (CAMPAIGN_READ, lambda o: reverse("monitoring:campaign_detail", args=[o.campaign.pk])),
    "website_check_edit": (
        CHECK_FORM,
        lambda o: reverse("monitoring:website_check_edit", args=[o.campaign.pk, o.school.pk]),
    ),
}
READ_CASES = [(url, side) for url, (table, _) in READ_URLS.items() for side in table]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name, side", READ_CASES)
def test_read_matrix(client, synced_world, objects, role, url_name, side):
    table, url = READ_URLS[url_name]
    _login(client, synced_world, role)
    response = client.get(url(objects[side]))
    assert response.status_code == table[side][role]
    if url_name == "task_evidence" and response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def _status_post(o):
    return reverse("monitoring:task_status", args=[o.task.pk]), {
        "status": Status.IN_PROGRESS,
        "comment": "Начали",
        "version": o.task.version,
    }


def _extend_post(o):
    return reverse("monitoring:task_extend", args=[o.task.pk]), {
        "due_date": "15.12.2022",
        "comment": "Продлено письмом",
        "version": o.task.version,
    }


def _check_post(o):
    return reverse("monitoring:website_check_edit", args=[o.campaign.pk, o.school.pk]), {
        "found": "no",
        "remarks": "Раздел «Документы» пуст",
        "method": "manual",
    }


def _state(o):
    o.task.refresh_from_db()
    return (
        o.task.status,
        o.task.due_date,
        TaskEvent.objects.filter(task=o.task).count(),
        WebsiteCheck.objects.filter(school=o.school).count(),
    )


WRITE_URLS = {
    "task_status": (TASK_STATUS_WRITE, _status_post),
    "task_extend": (TASK_EXTEND_WRITE, _extend_post),
    "website_check_edit": (CHECK_WRITE, _check_post),
}
WRITE_CASES = [(url, side) for url, (table, _) in WRITE_URLS.items() for side in table]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name, side", WRITE_CASES)
def test_write_matrix(client, synced_world, objects, role, url_name, side):
    table, build = WRITE_URLS[url_name]
    before = _state(objects[side])
    _login(client, synced_world, role)
    url, data = build(objects[side])
    response = client.post(url, data)
    assert response.status_code == table[side][role]
    after = _state(objects[side])
    if response.status_code == 302:
        assert after != before
    else:
        assert after == before, "a refused write must change nothing"


@pytest.mark.parametrize("url_name", ["task_status", "task_extend"])
def test_writes_refuse_get(client, synced_world, objects, url_name):
    _login(client, synced_world, "municipal")
    assert client.get(reverse(f"monitoring:{url_name}", args=[objects["home"].task.pk])).status_code == 405


LIST_URLS = {
    "cabinet": expect(302, 302, 302, 200),
    "compliance_matrix": expect(200, 200, 200, 200),
    "compliance_rates": expect(200, 200, 200, 200),
    "municipalities": expect(200, 200, 200, 403),
    "campaign_list": expect(200, 200, 200, 403),
    "campaign_create": expect(200, 403, 200, 403),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(LIST_URLS))
def test_list_pages(client, synced_world, objects, role, url_name):
    _login(client, synced_world, role)
    response = client.get(reverse(f"monitoring:{url_name}"))
    assert response.status_code == LIST_URLS[url_name][role]
    if response.status_code == 200:
        body = response.content.decode()
        sees_away = role in ("admin", "regional")
        if url_name in ("compliance_rates", "municipalities", "campaign_list"):
            assert (synced_world.away.municipality.short_name in body) is sees_away
        if url_name in ("compliance_rates", "compliance_matrix", "cabinet"):
            assert (synced_world.away.school.short_name in body) is (sees_away and url_name == "compliance_rates")
        if role == "school_head":
            assert synced_world.home.other_school.short_name not in body


@pytest.mark.parametrize(
    "role, municipality, expected",
    [
        ("admin", "away", 302),
        ("municipal", "home", 302),
        ("municipal", "away", 400),
        ("regional", "home", 403),
        ("school_head", "home", 403),
    ],
)
def test_campaign_create_post(client, synced_world, role, municipality, expected):
    _login(client, synced_world, role)
    target = getattr(synced_world, municipality).municipality
    response = client.post(
        reverse("monitoring:campaign_create"),
        {
            "title": "Мониторинг сайтов ОО: Положение о ВСОКО, ноябрь 2022",
            "municipality": target.pk,
            "period_start": "01.11.2022",
            "period_end": "30.11.2022",
            "act_kinds": [LocalActKind.objects.get(code="vsoko").pk],
        },
    )
    assert response.status_code == expected
    assert target.website_campaigns.exists() is (expected == 302)


def test_officer_cannot_pick_another_roadmap_in_the_matrix(client, synced_world):
    _login(client, synced_world, "municipal")
    response = client.get(reverse("monitoring:compliance_matrix"), {"roadmap": synced_world.away.roadmap.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert synced_world.away.school.short_name not in body and synced_world.home.school.short_name in body


def test_admin_picks_any_roadmap(client, synced_world):
    _login(client, synced_world, "admin")
    body = client.get(
        reverse("monitoring:compliance_matrix"), {"roadmap": synced_world.away.roadmap.pk}
    ).content.decode()
    assert synced_world.away.school.short_name in body and synced_world.home.school.short_name not in body


def test_user_without_role(client, synced_world, objects, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(reverse("monitoring:school_cabinet", args=[objects["home"].school.pk])).status_code == 404
    assert client.get(reverse("monitoring:cabinet")).status_code == 403
    body = client.get(reverse("monitoring:compliance_matrix")).content.decode()
    assert synced_world.home.school.short_name not in body


@pytest.mark.parametrize("url_name", sorted(LIST_URLS))
def test_anonymous_is_sent_to_login(client, synced_world, url_name):
    response = client.get(reverse(f"monitoring:{url_name}"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))

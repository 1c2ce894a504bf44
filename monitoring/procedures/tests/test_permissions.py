"""Every page × role against objects inside and outside the role's scope.

Sides (home, sibling, away) and the common tables: tests/permissions.py.
"""
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.procedures.choices import EventKind
from monitoring.procedures.services import event_save, observation_record, participants_add
from monitoring.procedures.services.events import NewParticipant
from tests.permissions import ROLES, SCHOOL_READ, expect

pytestmark = pytest.mark.django_db

SCHEDULE_WRITE = {"home": expect(302, 403, 302, 302), "sibling": expect(302, 403, 302, 404),
                  "away": expect(302, 403, 404, 404)}
MUNICIPALITY_READ = {"home": expect(200, 200, 200, 200), "away": expect(200, 200, 404, 404)}
PARTICIPANT_WRITE = {"home": expect(302, 403, 302, 302), "away": expect(302, 403, 404, 404)}
EVENT_WRITE = {"home": expect(302, 404, 302, 404), "away": expect(302, 404, 404, 404)}


@pytest.fixture
def objects(world, schedules, pdf):
    made = {}
    for side, school, schedule, municipality, officer, item in (
        ("home", world.home.school, schedules.home, world.home.municipality, world.home.officer, world.home.item),
        ("sibling", world.home.other_school, schedules.sibling, world.home.municipality, world.home.officer,
         world.home.item),
        ("away", world.away.school, schedules.away, world.away.municipality, world.away.officer, world.away.item),
    ):
        observation = observation_record(user=officer, school=school, day=date(2022, 10, 20), procedure_text="КР",
                                         observers="Наблюдатель", protocol=pdf())
        event = event_save(user=officer, municipality=municipality, kind=EventKind.COURSE, title=f"Курсы {side}",
                           date_start=date(2022, 10, 3), items=[item])
        participants_add(event=event, user=officer, people=[NewParticipant(
            school, f"Участник {side}", "директор", certificate=SimpleUploadedFile("удостоверение.pdf", b"%PDF-1.4\n"))])
        made[side] = SimpleNamespace(school=school, schedule=schedule, observation=observation, event=event,
                                     participant=event.participants.get(), item=item)
    return made


def _check(client, world, role, method, url, expected, data=None):
    client.force_login(world.user(role))
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    assert response.status_code == expected, (role, method, url, response.status_code)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "sibling", "away"])
@pytest.mark.parametrize("name, of", [
    ("schedule_detail", "schedule"), ("schedule_export", "schedule"), ("observation_detail", "observation"),
    ("observation_protocol", "observation"), ("certificate_download", "participant"),
])
def test_school_level_read(client, world, objects, role, side, name, of):
    """A school's schedule, an observation of it and its teacher's certificate: read as the school is."""
    _check(client, world, role, "get", reverse(f"procedures:{name}", args=[getattr(objects[side], of).pk]),
           SCHOOL_READ[side][role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "sibling", "away"])
def test_schedule_write(client, world, objects, role, side):
    url = reverse("procedures:hours_set", args=[objects[side].schedule.pk])
    _check(client, world, role, "post", url, SCHEDULE_WRITE[side][role],
           {"parallel": 5, "subject": "Математика", "hours": 170})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "sibling", "away"])
def test_schedule_row_delete(client, world, objects, role, side):
    row = objects[side].schedule.procedures.first()
    _check(client, world, role, "post", reverse("procedures:procedure_delete", args=[row.pk]),
           SCHEDULE_WRITE[side][role])


@pytest.mark.parametrize("role, expected", [("admin", 200), ("regional", 403), ("municipal", 200),
                                            ("school_head", 403)])
def test_observation_form(client, world, role, expected):
    _check(client, world, role, "get", reverse("procedures:observation_create"), expected)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "away"])
@pytest.mark.parametrize("name", ["event_detail", "item_coverage"])
def test_event_and_item_read(client, world, objects, role, side, name):
    obj = objects[side].event if name == "event_detail" else objects[side].item
    _check(client, world, role, "get", reverse(f"procedures:{name}", args=[obj.pk]), MUNICIPALITY_READ[side][role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "away"])
def test_participant_add(client, world, objects, role, side):
    own = world.user(role)
    school = objects[side].school if role != "school_head" else world.home.school
    _check(client, world, role, "post", reverse("procedures:participant_add", args=[objects[side].event.pk]),
           PARTICIPANT_WRITE[side][role], {"school": school.pk, "person": f"Новый {own.username}"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "away"])
def test_event_write(client, world, objects, role, side):
    _check(client, world, role, "post", reverse("procedures:material_add", args=[objects[side].event.pk]),
           EVENT_WRITE[side][role], {"title": "Презентация", "url": "https://ipk.example.ru/vsoko"})


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_the_scope(client, world, objects, role):
    client.force_login(world.user(role))
    schedules = client.get(reverse("procedures:schedule_list") + "?year=2022", follow=True).content.decode()
    events = client.get(reverse("procedures:event_list")).content.decode()
    observations = client.get(reverse("procedures:observation_list")).content.decode()
    sees_away = role in ("admin", "regional")
    assert ("Курсы away" in events) is sees_away
    assert (objects["away"].school.short_name in observations) is sees_away
    if role != "school_head":
        assert (objects["away"].school.short_name in schedules) is sees_away
    else:
        assert objects["home"].school.short_name in schedules
        assert objects["sibling"].school.short_name not in schedules


def test_anonymous_goes_to_login(client, objects):
    for url in (reverse("procedures:schedule_list"), reverse("procedures:schedule_detail", args=[objects["home"].schedule.pk]),
                reverse("procedures:event_detail", args=[objects["home"].event.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]

"""Each page issues the same number of queries with few and with many schools, rows and participants."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from monitoring.procedures.choices import EventKind
from monitoring.procedures.models import Observation, Participant
from monitoring.procedures.services import event_save, observation_record, schedule_import
from schools.models import School
from tests.factories import add_schools
from tests.queries import page_queries

from .conftest import schedule_rows

pytestmark = pytest.mark.django_db


def _grow(world, n: int, event, rows_per_school: int):
    municipality = world.home.municipality
    add_schools(municipality, n)
    schools = list(School.objects.filter(municipality=municipality).order_by("pk"))
    for index, school in enumerate(schools):
        if not school.procedure_schedules.exists():
            spec = [(f"{5 + k % 5}А", "Математика", (date(2022, 10, 3) + timedelta(days=7 * k)).strftime("%d.%m.%Y"),
                     1 + k % 6) for k in range(rows_per_school)]
            schedule_import(school=school, academic_year=2022, rows=schedule_rows(spec), user=world.admin)
        if index % 3 and not Participant.objects.filter(event=event, school=school).exists():
            Participant.objects.bulk_create(Participant(event=event, school=school, person=f"Учитель {k}",
                                                        added_by=world.admin) for k in range(3))
    for school in schools[:n // 2]:
        observation_record(user=world.home.officer, school=school, day=date(2022, 10, 20), procedure_text="КР",
                           observers="Наблюдатель", findings="Замечание", item=world.home.item)


def test_pages_do_not_grow_with_data(client, world):
    event = event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.COURSE,
                       title="Курсы", date_start=date(2022, 10, 3), items=[world.home.item])
    client.force_login(world.home.officer)
    _grow(world, 4, event, 3)
    schedule = world.home.school.procedure_schedules.get()
    urls = {
        "list": reverse("procedures:schedule_list") + "?year=2022",
        "detail": reverse("procedures:schedule_detail", args=[schedule.pk]),
        "event": reverse("procedures:event_detail", args=[event.pk]),
        "events": reverse("procedures:event_list"),
        "item": reverse("procedures:item_coverage", args=[world.home.item.pk]),
        "observations": reverse("procedures:observation_list"),
        "observation": reverse("procedures:observation_detail", args=[Observation.objects.order_by("pk").first().pk]),
        "observation_form": reverse("procedures:observation_create") + f"?school={world.home.school.pk}",
        "event_form": reverse("procedures:event_create"),
        "upload": reverse("procedures:schedule_upload"),
    }
    small = {name: page_queries(client, url) for name, url in urls.items()}
    client.force_login(world.regional)
    small["regional"] = page_queries(client, urls["list"])
    client.force_login(world.home.officer)
    _grow(world, 40, event, 12)
    schedule_import(school=world.home.school, academic_year=2022, rows=schedule_rows(
        [(f"{5 + k % 5}А", "Математика", (date(2022, 9, 5) + timedelta(days=3 * k)).strftime("%d.%m.%Y"), 1 + k % 6)
         for k in range(90)]), user=world.admin)
    big = {name: page_queries(client, url) for name, url in urls.items()}
    client.force_login(world.regional)
    big["regional"] = page_queries(client, urls["list"])
    assert big == small
    assert max(big.values()) <= 25, big

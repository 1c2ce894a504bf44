"""Tasks follow the roadmap wherever it changes: import, a deadline set by hand, a new school, the admin."""
import json
from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import SchoolTask
from tests.factories import make_school
from roadmaps.importers.writer import order_import
from roadmaps.services import item_set_deadline
from schools.models import Municipality, School
from schools.services import reference_data_load

pytestmark = pytest.mark.django_db


def _all_schools_item(world):
    item = world.home.roadmap.items.filter(all_schools=True).order_by("position").first()
    assert item is not None
    return item


def test_deadline_set_by_hand_moves_the_schools_due_dates(world):
    from monitoring.services import school_tasks_sync

    school_tasks_sync(roadmap=world.home.roadmap)
    item = _all_schools_item(world)
    assert set(SchoolTask.objects.filter(item=item).values_list("due_date", flat=True)) == {item.deadline_end}
    item_set_deadline(item=item, user=world.home.officer, start=date(2022, 10, 1), end=date(2022, 12, 20),
                      expected_version=item.version)
    due = set(SchoolTask.objects.filter(item=item).values_list("due_date", flat=True))
    assert due == {date(2022, 12, 20)}


def test_import_creates_one_task_per_school_for_all_schools_items(world):
    municipality = world.home.municipality
    data = {
        "municipality": municipality.short_name,
        "order": None,
        "roadmap": {"title": "Дорожная карта 2023-2024", "academic_year": 2023, "items": [
            {"number": "1", "activity": "Обновить Положение о ВСОКО",
             "deadline": {"text": "До 01 сентября 2023 г.", "start": None, "end": "2023-09-01"},
             "responsible": [{"kind": "all_schools", "name": "Руководители ОО", "position": ""}], "warnings": []},
            {"number": "2", "activity": "Мониторинг сайтов ОО",
             "deadline": {"text": "Октябрь 2023 г.", "start": "2023-10-01", "end": "2023-10-31"},
             "responsible": [{"kind": "organization", "name": "УО", "position": ""}], "warnings": []},
        ]},
    }
    roadmap = order_import(data=json.loads(json.dumps(data)), municipality=municipality)
    schools = School.objects.filter(municipality=municipality, is_active=True).count()
    tasks = SchoolTask.objects.filter(item__roadmap=roadmap)
    assert tasks.count() == schools
    assert set(tasks.values_list("item__number", flat=True)) == {"1"}
    assert set(tasks.values_list("due_date", flat=True)) == {date(2023, 9, 1)}


def test_school_added_later_gets_open_tasks(world, tmp_path):
    from monitoring.services import school_tasks_sync

    school_tasks_sync(roadmap=world.home.roadmap)
    municipality = world.home.municipality
    path = tmp_path / "reference.json"
    path.write_text(json.dumps({"schools": [{
        "municipality": municipality.short_name, "short_name": "МБОУ «Новая СОШ»",
        "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Новая СОШ»",
    }]}, ensure_ascii=False), encoding="utf-8")
    reference_data_load(path=path)
    new = School.objects.get(short_name="МБОУ «Новая СОШ»")
    expected = world.home.roadmap.items.filter(all_schools=True).count()
    assert expected and SchoolTask.objects.filter(school=new).count() == expected


def test_school_created_in_admin_gets_open_tasks(client, world):
    from monitoring.services import school_tasks_sync

    school_tasks_sync(roadmap=world.home.roadmap)
    client.force_login(world.admin)
    municipality: Municipality = world.home.municipality
    response = client.post(reverse("admin:schools_school_add"), {
        "municipality": municipality.pk, "full_name": "МБОУ «Школа из админки»", "short_name": "Школа из админки",
        "head_name": "", "website": "", "email": "", "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    school = School.objects.get(short_name="Школа из админки")
    assert SchoolTask.objects.filter(school=school).count() == world.home.roadmap.items.filter(all_schools=True).count()


def test_other_municipality_untouched(world):
    from monitoring.services import school_tasks_sync

    make_school(world.away.municipality)
    school_tasks_sync(roadmap=world.home.roadmap)
    assert not SchoolTask.objects.filter(school__municipality=world.away.municipality).exists()

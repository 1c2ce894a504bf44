"""A school added mid-year is not born overdue: the officer picks a due date or «не применяется», recorded."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from monitoring.models import SchoolTask, TaskEvent
from monitoring.selectors import tasks_awaiting_due_date, tasks_with_compliance
from monitoring.services import school_tasks_sync
from tests.factories import make_school
from tests.queries import page_queries
from core.clock import local_today
from roadmaps.status import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(world):
    school_tasks_sync()  # the world's items ended 31.10.2022: the old schools' tasks are overdue
    school = make_school(world.home.municipality, short_name="МБОУ «Новая СОШ»")
    school_tasks_sync(school=school)
    return school


def _states(qs):
    return sorted(tasks_with_compliance(qs, local_today()).values_list("compliance", flat=True))


def test_new_school_tasks_are_not_born_overdue(world, newcomer):
    tasks = SchoolTask.objects.filter(school=newcomer)
    assert tasks.count() == 2
    assert all(t.due_date is None and t.due_date_pending for t in tasks)
    assert _states(tasks) == ["no_deadline", "no_deadline"]
    assert _states(SchoolTask.objects.filter(school=world.home.school)) == ["overdue", "overdue"]
    school_tasks_sync()  # a later full sync leaves the choice to the officer
    assert not SchoolTask.objects.filter(school=newcomer, due_date__isnull=False).exists()


def test_deadline_still_ahead_is_kept(world):
    item = world.home.item
    item.deadline_end = local_today() + timedelta(days=40)
    item.save()
    school = make_school(world.home.municipality)
    school_tasks_sync(school=school)
    task = SchoolTask.objects.get(school=school, item=item)
    assert (task.due_date, task.due_date_pending) == (item.deadline_end, False)


def _post(client, task, **data):
    return client.post(reverse("monitoring:task_decide_late", args=[task.pk]), {"version": task.version, **data})


def test_officer_sets_a_new_due_date(client, world, newcomer):
    task = SchoolTask.objects.filter(school=newcomer).order_by("item__position").first()
    client.force_login(world.home.officer)
    page = client.get(reverse("monitoring:late_tasks")).content.decode()
    assert page.count('class="late-decision"') == 2 and "МБОУ «Новая СОШ»" in page.replace("&laquo;", "«").replace("&raquo;", "»")
    due = local_today() + timedelta(days=14)
    response = _post(client, task, decision="due_date", due_date=f"{due:%d.%m.%Y}", comment="Приказ № 12")
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.due_date, task.due_date_pending, task.due_date_extended) == (due, False, True)
    event = task.events.get()
    assert (event.kind, event.from_value, event.to_value, event.author) == (
        TaskEvent.Kind.DEADLINE, "не выбран", f"{due:%d.%m.%Y}", world.home.officer)
    assert tasks_awaiting_due_date(world.home.officer).count() == 1


def test_officer_marks_not_applicable(client, world, newcomer):
    task = SchoolTask.objects.filter(school=newcomer).first()
    client.force_login(world.home.officer)
    assert _post(client, task, decision="not_applicable").status_code == 302
    task.refresh_from_db()
    assert (task.status, task.due_date_pending) == (Status.CANCELLED, False)
    event = task.events.get()
    assert event.to_value == Status.CANCELLED and "Не применяется" in event.comment


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "due_date"}, "Укажите новый срок."),
        ({"decision": "due_date", "due_date": "01.01.2020"}, "Новый срок не может быть раньше сегодняшнего дня."),
        ({"decision": "maybe"}, "Выберите корректный вариант"),
        ({"decision": "due_date", "due_date": "31.02.2027"}, "Введите правильную дату."),
    ],
)
def test_bad_decisions_write_nothing(client, world, newcomer, data, message):
    task = SchoolTask.objects.filter(school=newcomer).first()
    client.force_login(world.home.officer)
    response = _post(client, task, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    task.refresh_from_db()
    assert task.due_date_pending and not task.events.exists()


def test_heads_and_other_municipalities_are_refused(client, world, newcomer):
    task = SchoolTask.objects.filter(school=newcomer).first()
    client.force_login(world.home.head)
    assert client.get(reverse("monitoring:late_tasks")).status_code == 403
    assert _post(client, task, decision="not_applicable").status_code == 403
    client.force_login(world.away.officer)
    assert 'class="late-decision"' not in client.get(reverse("monitoring:late_tasks")).content.decode()
    assert _post(client, task, decision="not_applicable").status_code == 404
    client.force_login(world.regional)
    assert client.get(reverse("monitoring:late_tasks")).status_code == 403
    task.refresh_from_db()
    assert task.due_date_pending


def test_dashboard_tells_the_officer(client, world, newcomer):
    client.force_login(world.home.officer)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="late-tasks-alert"' in html and reverse("monitoring:late_tasks") in html
    client.force_login(world.away.officer)
    assert 'id="late-tasks-alert"' not in client.get(reverse("dashboard")).content.decode()


def test_late_tasks_page_queries_are_bounded(client, world, newcomer):
    client.force_login(world.home.officer)
    small = page_queries(client, reverse("monitoring:late_tasks"))
    for _ in range(10):
        school_tasks_sync(school=make_school(world.home.municipality))
    assert page_queries(client, reverse("monitoring:late_tasks")) == small and small <= 12

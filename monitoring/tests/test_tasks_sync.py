"""school_tasks_sync: one task per school and item/clause addressed to all schools; idempotent; follows deadlines."""

from datetime import date

import pytest

from monitoring.models import SchoolTask, TaskEvent
from monitoring.services import school_task_extend, school_tasks_sync
from tests.factories import add_school_clause, make_school
from roadmaps.models import OrderClause
from roadmaps.status import Status

pytestmark = pytest.mark.django_db


def _all_schools_items(roadmap):
    return list(roadmap.items.filter(all_schools=True))


def test_creates_one_task_per_school_and_item(world):
    result = school_tasks_sync(roadmap=world.home.roadmap)
    items = _all_schools_items(world.home.roadmap)
    assert len(items) == 2  # the factory addresses every other item to all schools
    assert result.created == 2 * 2
    tasks = SchoolTask.objects.filter(school__municipality=world.home.municipality)
    assert {(t.school_id, t.item_id) for t in tasks} == {
        (s.pk, i.pk) for s in (world.home.school, world.home.other_school) for i in items
    }
    assert all(t.due_date == date(2022, 10, 31) and t.status == Status.NOT_STARTED for t in tasks)
    assert not SchoolTask.objects.filter(school__municipality=world.away.municipality).exists()


def test_is_idempotent(world):
    school_tasks_sync()
    count = SchoolTask.objects.count()
    again = school_tasks_sync()
    assert again.created == 0 and again.moved == 0
    assert SchoolTask.objects.count() == count == 8


def test_school_added_later_gets_open_tasks_only(world):
    school_tasks_sync()
    done_item, open_item = _all_schools_items(world.home.roadmap)
    done_item.status = Status.DONE
    done_item.save()
    newcomer = make_school(world.home.municipality)
    result = school_tasks_sync(school=newcomer)
    assert result.created == 1
    assert list(newcomer.tasks.values_list("item_id", flat=True)) == [open_item.pk]


def test_inactive_school_gets_nothing(world):
    closed = make_school(world.home.municipality, is_active=False)
    school_tasks_sync()
    assert not closed.tasks.exists()


def test_clauses_addressed_to_all_schools(world):
    clause = add_school_clause(
        world.home.order, "Рекомендовать руководителям ОО в срок до 01.09.2022 разместить обновлённые локальные акты",
        deadline_text="до 01.09.2022", deadline_end=date(2022, 9, 1),
    )
    OrderClause.objects.create(order=world.home.order, number="4", position=4, text="Контроль оставляю за собой")
    school_tasks_sync(roadmap=world.home.roadmap)
    tasks = SchoolTask.objects.filter(clause__isnull=False)
    assert {(t.school_id, t.clause_id, t.due_date) for t in tasks} == {
        (world.home.school.pk, clause.pk, date(2022, 9, 1)),
        (world.home.other_school.pk, clause.pk, date(2022, 9, 1)),
    }


def test_due_dates_follow_the_item_and_record_an_event(world):
    school_tasks_sync()
    item = _all_schools_items(world.home.roadmap)[0]
    item.deadline_end = date(2022, 11, 30)
    item.save()
    result = school_tasks_sync(roadmap=world.home.roadmap)
    assert result.moved == 2
    assert set(SchoolTask.objects.filter(item=item).values_list("due_date", flat=True)) == {date(2022, 11, 30)}
    event = TaskEvent.objects.filter(task__item=item, kind=TaskEvent.Kind.DEADLINE).first()
    assert (event.from_value, event.to_value, event.author) == ("31.10.2022", "30.11.2022", None)
    assert school_tasks_sync(roadmap=world.home.roadmap).moved == 0


def test_open_ended_item_gives_tasks_without_due_date(world):
    item = _all_schools_items(world.home.roadmap)[0]
    item.deadline_text, item.deadline_end = "постоянно", None
    item.save()
    school_tasks_sync()
    assert set(SchoolTask.objects.filter(item=item).values_list("due_date", flat=True)) == {None}


def test_extended_deadline_is_kept_when_the_item_moves(world):
    school_tasks_sync()
    item = _all_schools_items(world.home.roadmap)[0]
    task = SchoolTask.objects.get(item=item, school=world.home.school)
    school_task_extend(
        task=task,
        user=world.home.officer,
        due_date=date(2022, 12, 20),
        expected_version=1,
        comment="Смена руководителя ОО",
    )
    item.deadline_end = date(2022, 11, 30)
    item.save()
    school_tasks_sync()
    task.refresh_from_db()
    other = SchoolTask.objects.get(item=item, school=world.home.other_school)
    assert (task.due_date, other.due_date) == (date(2022, 12, 20), date(2022, 11, 30))


def test_bare_order_clauses_and_closed_items_still_follow_deadlines(world):
    clause = add_school_clause(world.home.order, "Разместить акты", deadline_end=date(2022, 9, 1))
    assert school_tasks_sync(order=world.home.order).created == 2 + 2 * 2  # the clause and the order's roadmap items
    assert school_tasks_sync(order=world.away.order).created == 2 * 2
    done_item = _all_schools_items(world.home.roadmap)[0]
    done_item.status, done_item.deadline_end = Status.DONE, date(2022, 12, 31)
    done_item.save()
    assert school_tasks_sync(roadmap=world.home.roadmap).moved == 2, "a closed item's tasks still follow its deadline"
    assert SchoolTask.objects.filter(clause=clause).count() == 2

"""One task saved in place moves one unit between rollup counters (no recount), and the result is still what a
fresh count gives — also when two officers change tasks of one school and one item at the same moment
(PostgreSQL: real concurrent transactions), and when a rollup row it needs is missing (it falls back to the
recount). The Python rule it uses is checked against the database's CASE for every kind of task."""
import threading
from contextlib import nullcontext
from datetime import date, timedelta
from itertools import product

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from core.clock import local_today
from monitoring.models import SchoolRollup, SchoolTask, SourceRollup, SourceTotal
from monitoring.selectors.compliance import compliance_state, tasks_with_compliance
from monitoring.services import school_task_extend, school_task_set_status, school_tasks_sync
from monitoring.services.rollups import fresh_rollups, stored_rollups
from roadmaps.status import Status

TODAY = date(2026, 3, 10)
DUE = (None, TODAY - timedelta(days=3), TODAY, TODAY + timedelta(days=3))
DONE_AT = (None, TODAY - timedelta(days=5), TODAY - timedelta(days=3), TODAY)


def _cases():
    for status, due, done_at in product(Status.values, DUE, DONE_AT):
        if (status == Status.DONE) != (done_at is not None):
            continue  # a done task has its date, an open one has none (a check constraint)
        yield status, due, done_at


@pytest.mark.django_db
def test_python_rule_is_the_database_rule_for_every_kind_of_task(world):
    school_tasks_sync()
    task = SchoolTask.objects.filter(school=world.home.school).first()
    one = SchoolTask.objects.filter(pk=task.pk)
    checked = 0
    for status, due, done_at in _cases():
        one.update(status=status, due_date=due, done_at=done_at)  # no signals: only the rule is under test
        in_database = tasks_with_compliance(one, TODAY).values_list("compliance", flat=True).get()
        assert compliance_state(status, due, done_at, TODAY) == in_database, (status, due, done_at)
        checked += 1
    assert checked > 20


def _assert_rollups_fresh():
    as_of, *stored = stored_rollups()
    assert tuple(stored) == tuple(fresh_rollups(as_of))


def _first_task(school):
    return SchoolTask.objects.filter(school=school, item__isnull=False).order_by("item__position").first()


@pytest.mark.django_db
def test_a_status_change_moves_counters_in_place_without_counting(world):
    school_tasks_sync()
    task = _first_task(world.home.school)
    before = SchoolRollup.objects.get(school=world.home.school)
    with CaptureQueriesContext(connection) as queries:
        school_task_set_status(task=task, user=world.home.officer, status=Status.DONE, done_on=local_today(),
                               expected_version=task.version, comment="сделано")
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "COUNT(" not in sql  # no task was counted again
    after = SchoolRollup.objects.get(school=world.home.school)
    assert after.n_total == before.n_total
    assert after.n_on_time + after.n_late == before.n_on_time + before.n_late + 1
    _assert_rollups_fresh()


@pytest.mark.django_db
def test_deadline_moved_moves_the_due_counter(world):
    school_tasks_sync()
    task = _first_task(world.home.other_school)
    for days in (30, 31, -400):
        school_task_extend(task=task, user=world.home.officer, due_date=local_today() + timedelta(days=days),
                           expected_version=task.version, comment="по заявлению")
        _assert_rollups_fresh()


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["school", "source", "total"])
def test_a_missing_rollup_row_falls_back_to_the_recount(world, missing):
    school_tasks_sync()
    task = _first_task(world.home.school)
    if missing == "school":
        SchoolRollup.objects.filter(school=world.home.school).delete()
    elif missing == "source":
        SourceRollup.objects.filter(item=task.item).delete()
    else:
        SourceTotal.objects.filter(item=task.item).delete()
    # overdue → done late: two counters move, so the missing row is needed
    school_task_set_status(task=task, user=world.home.officer, status=Status.DONE, done_on=local_today(),
                           expected_version=task.version, comment="сделано")
    _assert_rollups_fresh()


@pytest.mark.django_db(transaction=True)
def test_concurrent_status_changes_of_one_school_and_one_item_keep_the_count(world):
    """Officers change the statuses of tasks that share rollup rows at the same moment, from several threads (each
    with its own connection; on SQLite they take turns): no change is lost."""
    school_tasks_sync()
    item = _first_task(world.home.school).item
    tasks = list(SchoolTask.objects.filter(item=item, school__municipality=world.home.municipality))
    tasks += list(SchoolTask.objects.filter(school=world.home.school).exclude(item=item))
    assert len(tasks) >= 3
    serial = connection.vendor == "sqlite"
    one_writer = threading.Lock()
    barrier = threading.Barrier(len(tasks), timeout=30)
    errors = []

    def change(task):
        try:
            barrier.wait()
            with one_writer if serial else nullcontext():
                for status in (Status.IN_PROGRESS, Status.DONE, Status.CANCELLED, Status.NOT_STARTED):
                    fresh = SchoolTask.objects.get(pk=task.pk)
                    school_task_set_status(task=fresh, user=world.home.officer, status=status, done_on=local_today(),
                                           expected_version=fresh.version, comment="в потоке")
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert SchoolTask.objects.filter(pk__in=[t.pk for t in tasks], status=Status.NOT_STARTED).count() == len(tasks)
    _assert_rollups_fresh()


"""Compliance states at their edges, computed in the database (one row per case)."""

from datetime import date

import pytest

from monitoring.models import Compliance, SchoolTask
from monitoring.selectors import compliance_totals, tasks_with_compliance
from roadmaps.status import Status

pytestmark = pytest.mark.django_db

TODAY = date(2022, 11, 15)
DUE = date(2022, 10, 31)

CASES = [
    # (status, due date, done at, expected state)
    (Status.DONE, DUE, date(2022, 10, 30), Compliance.ON_TIME),
    (Status.DONE, DUE, DUE, Compliance.ON_TIME),  # done on the due day = on time
    (Status.DONE, DUE, date(2022, 11, 1), Compliance.LATE),  # a day late
    (Status.DONE, date(2022, 12, 1), date(2022, 11, 10), Compliance.ON_TIME),  # done before a future due date
    (Status.NOT_STARTED, date(2022, 11, 14), None, Compliance.OVERDUE),  # due yesterday
    (Status.IN_PROGRESS, DUE, None, Compliance.OVERDUE),
    (Status.POSTPONED, DUE, None, Compliance.OVERDUE),
    (Status.NOT_STARTED, TODAY, None, Compliance.NOT_DUE),  # due today: not yet overdue
    (Status.IN_PROGRESS, date(2023, 8, 31), None, Compliance.NOT_DUE),
    (Status.NOT_STARTED, None, None, Compliance.NO_DEADLINE),  # «постоянно»: a period with no end
    (Status.DONE, None, date(2022, 10, 1), Compliance.NO_DEADLINE),
    (Status.CANCELLED, DUE, None, Compliance.CANCELLED),
]


@pytest.mark.parametrize("status, due, done, expected", CASES)
def test_state(world, status, due, done, expected):
    task = SchoolTask.objects.create(
        school=world.home.school, item=world.home.item, status=status, due_date=due, done_at=done
    )
    assert tasks_with_compliance(SchoolTask.objects.filter(pk=task.pk), TODAY).get().compliance == expected


def test_rates_count_only_reached_deadlines(world):
    schools = [world.home.school, world.home.other_school, world.away.school, world.away.other_school]
    items = list(world.home.roadmap.items.all()) + list(world.away.roadmap.items.all())
    tasks = []
    for index, (status, due, done, _) in enumerate(CASES):
        tasks.append(
            SchoolTask(school=schools[index % 4], item=items[index // 4], status=status, due_date=due, done_at=done)
        )
    SchoolTask.objects.bulk_create(tasks)
    totals = compliance_totals(SchoolTask.objects.all(), TODAY)
    assert (
        totals["n_on_time"],
        totals["n_late"],
        totals["n_overdue"],
        totals["n_not_due"],
        totals["n_no_deadline"],
        totals["n_cancelled"],
        totals["n_total"],
    ) == (3, 1, 3, 2, 2, 1, 12)
    assert totals["n_counted"] == 7
    assert totals["rate"] == pytest.approx(300 / 7)


def test_rate_is_none_when_nothing_is_counted(world):
    SchoolTask.objects.create(school=world.home.school, item=world.home.item, due_date=date(2030, 1, 1))
    totals = compliance_totals(SchoolTask.objects.all(), TODAY)
    assert (totals["n_counted"], totals["rate"]) == (0, None)


def test_database_refuses_done_without_date(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolTask.objects.create(school=world.home.school, item=world.home.item, status=Status.DONE, due_date=DUE)

"""The cabinet counts its compliance summary from the tasks it already read: the same figures as the query."""

from datetime import date

import pytest

from monitoring.models import SchoolTask
from monitoring.selectors import compliance_totals, tasks_with_compliance, totals_of_tasks
from monitoring.tests.test_compliance_states import CASES, TODAY

pytestmark = pytest.mark.django_db


def test_totals_of_tasks_match_the_database_totals(world):
    schools = [world.home.school, world.home.other_school, world.away.school, world.away.other_school]
    items = list(world.home.roadmap.items.all()) + list(world.away.roadmap.items.all())
    SchoolTask.objects.bulk_create(
        SchoolTask(school=schools[index % 4], item=items[index // 4], status=status, due_date=due, done_at=done)
        for index, (status, due, done, _) in enumerate(CASES)
    )
    tasks = list(tasks_with_compliance(SchoolTask.objects.all(), TODAY))
    expected = compliance_totals(SchoolTask.objects.all(), TODAY)
    totals = totals_of_tasks(tasks)
    assert totals.pop("rate") == pytest.approx(expected.pop("rate"))
    assert totals == expected


def test_no_counted_task_gives_no_rate(world):
    SchoolTask.objects.create(school=world.home.school, item=world.home.item, due_date=date(2030, 1, 1))
    totals = totals_of_tasks(list(tasks_with_compliance(SchoolTask.objects.all(), TODAY)))
    assert (totals["n_counted"], totals["rate"], totals["n_not_due"]) == (0, None, 1)
    assert totals_of_tasks([]) == {**{key: 0 for key in totals if key.startswith("n_")}, "rate": None}

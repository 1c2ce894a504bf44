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


def test_cabinet_tasks_state_and_remarks_match_the_database(world):
    """The cabinet sets ``compliance`` in Python: the same state as the SQL CASE for every case of the rule, and
    each task's remarks latest first (events of other kinds left out)."""
    from monitoring.models import TaskEvent
    from monitoring.selectors import cabinet_tasks

    schools = [world.home.school, world.home.other_school, world.away.school, world.away.other_school]
    items = list(world.home.roadmap.items.all()) + list(world.away.roadmap.items.all())
    created = SchoolTask.objects.bulk_create(
        SchoolTask(school=schools[index % 4], item=items[index // 4], status=status, due_date=due, done_at=done)
        for index, (status, due, done, _) in enumerate(CASES)
    )
    first, second = created[0], created[1]
    older = TaskEvent.objects.create(task=first, kind=TaskEvent.Kind.REMARK, author=world.admin, comment="раньше")
    newer = TaskEvent.objects.create(task=first, kind=TaskEvent.Kind.REMARK, author=world.admin, comment="позже")
    TaskEvent.objects.create(task=second, kind=TaskEvent.Kind.STATUS, author=world.admin, from_value="not_started",
                             to_value="in_progress")
    expected = dict(tasks_with_compliance(SchoolTask.objects.all(), TODAY).values_list("pk", "compliance"))
    tasks = [task for school in schools for task in cabinet_tasks(world.admin, school, today=TODAY)]
    assert len(tasks) == len(CASES)
    assert {task.pk: task.compliance for task in tasks} == expected
    remarks = {task.pk: task.remarks for task in tasks}
    assert [remark["id"] for remark in remarks[first.pk]] == [newer.pk, older.pk]
    assert remarks[first.pk][0]["author_name"] == (world.admin.get_full_name() or world.admin.username)
    assert remarks[second.pk] == []


def test_cabinet_tasks_keep_the_database_order(world):
    """Sorted in Python as ORDER BY due_date, roadmap, item, clause, pk (NULLS LAST, as PostgreSQL)."""
    from django.db.models import F

    from monitoring.selectors import cabinet_tasks

    school = world.home.school
    items = list(world.home.roadmap.items.all())
    dues = [date(2025, 3, 1), None, date(2024, 9, 1), date(2025, 3, 1)]
    SchoolTask.objects.bulk_create(
        SchoolTask(school=school, item=item, due_date=dues[index % len(dues)]) for index, item in enumerate(items)
    )
    from roadmaps.models import OrderClause

    for position, due in ((2, date(2025, 3, 1)), (1, None), (3, None)):
        clause = OrderClause.objects.create(order=world.home.order, number=str(position), position=position, text="п.")
        SchoolTask.objects.get_or_create(school=school, clause=clause, defaults={"due_date": due})
    fields = ("due_date", "item__roadmap_id", "item__position", "clause__position", "pk")
    expected = list(
        SchoolTask.objects.filter(school=school)
        .order_by(*(F(name).asc(nulls_last=True) for name in fields))
        .values_list("pk", flat=True)
    )
    assert len(expected) >= 3
    assert [task.pk for task in cabinet_tasks(world.admin, school)] == expected


def test_cabinet_rows_show_remarks_escaped_and_the_heads_button(client, world):
    """The rows written in Python: the latest remark (escaped) with the count of the others, the overdue mark,
    «Отметить» for the head's own open task and «Открыть» for an officer."""
    from django.urls import reverse

    from monitoring.models import TaskEvent

    task = SchoolTask.objects.create(school=world.home.school, item=world.home.item, due_date=date(2020, 1, 1))
    TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.REMARK, author=world.home.officer, comment="первое")
    TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.REMARK, author=world.home.officer,
                             comment="<script>x</script> & «второе»")
    client.force_login(world.home.head)
    html = client.get(reverse("monitoring:cabinet")).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt; &amp; «второе»" in html and "<script>x" not in html
    assert " · ещё 1</div>" in html and f'data-task="{task.pk}"' in html and 'class="row-overdue"' in html
    assert 'btn-primary" href="' + reverse("monitoring:task_detail", args=[task.pk]) + '">Отметить</a>' in html
    client.force_login(world.home.officer)
    html = client.get(reverse("monitoring:school_cabinet", args=[world.home.school.pk])).content.decode()
    assert ">Открыть</a>" in html and ">Отметить</a>" not in html

"""The compliance rollups equal a fresh count of the tasks after every kind of write (SQLite and PostgreSQL)."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.clock import local_today
from monitoring.models import DueRollup, SchoolRollup, SchoolTask, SourceRollup, SourceTotal
from monitoring.services import (
    rollups_advance, school_task_decide_late, school_task_extend, school_task_set_status, school_tasks_sync,
)
from monitoring.services.rollups import fresh_rollups, stored_rollups
from roadmaps.models import RoadmapItem
from roadmaps.status import Status
from tests.factories import make_municipality, make_school

pytestmark = pytest.mark.django_db


def _task(world, school=None):
    school = school or world.home.school
    return SchoolTask.objects.filter(school=school, item__isnull=False).order_by("item__position").first()


def _set(world, status, school=None, **extra):
    task = _task(world, school)
    school_task_set_status(task=task, user=world.home.officer, status=status, expected_version=task.version,
                           comment="сделано", **extra)


def _extend(world, days):
    task = _task(world, world.home.other_school)
    school_task_extend(task=task, user=world.home.officer, due_date=local_today() + timedelta(days=days),
                       expected_version=task.version, comment="по заявлению")


def _new_late_school(world):
    school = make_school(world.home.municipality)
    school_tasks_sync(school=school)  # its past-due tasks wait for the officer's choice
    return school


def _decide_late(world, not_applicable):
    school = _new_late_school(world)
    task = SchoolTask.objects.filter(school=school, due_date_pending=True).first()
    school_task_decide_late(task=task, user=world.home.officer, expected_version=task.version,
                            due_date=None if not_applicable else local_today() + timedelta(days=5),
                            not_applicable=not_applicable)


def _item_deadline_moved(world):
    item = world.home.item
    item.deadline_end = local_today() + timedelta(days=20)
    item.save()
    school_tasks_sync(roadmap=world.home.roadmap)


def _item_deleted(world):
    RoadmapItem.objects.filter(pk=world.home.item.pk).delete()


def _school_moved(world):
    school = world.home.other_school
    school.municipality = world.away.municipality
    school.save()


def _school_deactivated(world):
    school = world.home.school
    school.is_active = False
    school.save()


def _school_reactivated(world):
    _school_deactivated(world)
    school = world.home.school
    school.is_active = True
    school.save()


def _task_made_directly(world):
    # The way ВПР signs and procedure observations give a school a task: get_or_create on the model.
    item = world.home.roadmap.items.filter(all_schools=False).first()
    SchoolTask.objects.get_or_create(school=world.home.school, item=item, defaults={"due_date": local_today()})


def _task_deleted(world):
    _task(world).delete()


def _roadmap_synced_again(world):
    RoadmapItem.objects.filter(roadmap=world.home.roadmap, all_schools=False).update(all_schools=True)
    school_tasks_sync(roadmap=world.home.roadmap)


def _day_moves_on(world):
    _extend(world, 3)
    rollups_advance(local_today() + timedelta(days=10))


def _day_moves_back(world):
    _extend(world, 3)
    rollups_advance(local_today() + timedelta(days=10))
    rollups_advance(local_today())


def _rebuilt(world):
    SchoolRollup.objects.update(n_total=99)
    SourceRollup.objects.all().delete()
    DueRollup.objects.update(n_open=99)
    SourceTotal.objects.update(n_overdue=99)
    call_command("rebuild_rollups", verbosity=0)


WRITES = {
    "tasks created by the sync": lambda w: None,
    "done on time": lambda w: _set(w, Status.DONE, done_on=local_today()),
    "in progress": lambda w: _set(w, Status.IN_PROGRESS),
    "done, then reopened": lambda w: (_set(w, Status.DONE), _set(w, Status.IN_PROGRESS)),
    "cancelled by the officer": lambda w: _set(w, Status.CANCELLED),
    "deadline extended to the future": lambda w: _extend(w, 30),
    "school added after the deadline": _new_late_school,
    "late school: new due date": lambda w: _decide_late(w, False),
    "late school: not applicable": lambda w: _decide_late(w, True),
    "item deadline moved, tasks follow": _item_deadline_moved,
    "item deleted (tasks cascade)": _item_deleted,
    "school moved to another municipality": _school_moved,
    "school deactivated": _school_deactivated,
    "school reactivated": _school_reactivated,
    "task made by get_or_create": _task_made_directly,
    "task deleted": _task_deleted,
    "more items addressed to all schools": _roadmap_synced_again,
    "the day moves on (overdue today)": _day_moves_on,
    "the day moves back": _day_moves_back,
    "rebuild_rollups": _rebuilt,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_rollups_equal_a_fresh_count_after_the_write(world, write):
    make_school(make_municipality("Третий"))  # a school with no tasks has no rollup row
    school_tasks_sync()
    write(world)
    as_of, schools, sources, due, totals = stored_rollups()
    fresh_schools, fresh_sources, fresh_due, fresh_totals = fresh_rollups(as_of)
    assert fresh_schools, "the world has tasks to count"
    assert schools == fresh_schools
    assert sources == fresh_sources
    assert due == fresh_due
    assert fresh_totals, "the country's sums count something"
    assert totals == fresh_totals


def test_the_day_moving_changes_overdue(world):
    school_tasks_sync()
    _extend(world, 3)
    school = world.home.other_school
    before = SchoolRollup.objects.get(school=school)
    rollups_advance(local_today() + timedelta(days=10))
    after = SchoolRollup.objects.get(school=school)
    assert after.n_overdue == before.n_overdue + 1
    assert after.n_not_due == before.n_not_due - 1


# --- the pages read the rollups: the same figures as counting the tasks ------------------------------------------


def _figures(world, user):
    from monitoring.selectors import (
        dashboard_compliance, municipality_comparison, schools_with_compliance, scope_totals, source_rates,
    )

    today = local_today()
    block = dashboard_compliance(user, today=today)
    keys = ("n_on_time", "n_late", "n_overdue", "n_not_due", "n_no_deadline", "n_cancelled", "n_total", "n_counted")

    def pick(row):
        return {k: row[k] for k in keys} | {"rate": round(row["rate"], 6) if row["rate"] is not None else None}

    return {
        "totals": pick(block["totals"]),
        "worst": [(r["school_id"], pick(r)) for r in block["worst_schools"]],
        "overdue": [(r["item_id"], r["clause_id"], pick(r)) for r in block["overdue_items"]],
        "schools": [(s.pk, s.n_overdue, s.n_total, s.rate) for s in schools_with_compliance(user, today=today)],
        "sources": [(r["item_id"], r["clause_id"], pick(r)) for r in source_rates(user, today=today)],
        "scope": pick(scope_totals(user, today=today)),
        "municipalities": [
            (m.pk, pick(m.rates) if m.rates else None)
            for sort in ("name", "rate") for m in municipality_comparison(user, today=today, sort=sort)
        ],
    }


@pytest.mark.parametrize("role", ["admin", "regional", "municipal"])
def test_pages_read_from_rollups_what_counting_gives(world, role):
    from monitoring.models import RollupClock

    school_tasks_sync()
    _set(world, Status.DONE, done_on=local_today())
    _set(world, Status.IN_PROGRESS, school=world.home.other_school)
    _extend(world, 5)
    _school_deactivated(world)
    user = world.user(role)
    from_rollups = _figures(world, user)
    RollupClock.objects.update(as_of=local_today() - timedelta(days=1))  # not current: the tasks are counted
    counted = _figures(world, user)
    assert counted["totals"]["n_total"] > 0
    assert from_rollups == counted


@pytest.mark.parametrize("role", ["admin", "regional", "municipal"])
def test_due_soon_from_rollups_is_what_counting_gives(world, role):
    from monitoring.selectors import due_soon_by_source, due_soon_count, tasks_due_soon

    school_tasks_sync()
    _item_deadline_moved(world)  # the home item falls due in 20 days
    _extend(world, 5)  # one school's task in 5 days
    _set(world, Status.DONE, done_on=local_today())
    user = world.user(role)
    counted = tasks_due_soon(user)
    assert due_soon_count(user) == counted.count() > 0
    rows = due_soon_by_source(user)
    assert sum(r["n_schools"] for r in rows) == counted.count()
    assert {(r["item_id"], r["due_date"], r["school__municipality__short_name"]) for r in rows} == set(
        counted.values_list("item_id", "due_date", "school__municipality__short_name")
    )


ROLLUP_PAGES = {
    "dashboard": lambda w: reverse("dashboard"),
    "rates": lambda w: reverse("monitoring:compliance_rates"),
    "rates_sorted": lambda w: reverse("monitoring:compliance_rates") + "?sort=-name&ssort=overdue",
    "municipalities": lambda w: reverse("monitoring:municipalities"),
    "municipalities_by_rate": lambda w: reverse("monitoring:municipalities") + "?sort=-rate",
    "matrix": lambda w: reverse("monitoring:compliance_matrix") + f"?roadmap={w.home.roadmap.pk}",
}


@pytest.mark.parametrize("page", ROLLUP_PAGES)
@pytest.mark.parametrize("role", ["admin", "regional", "municipal"])
def test_pages_issue_no_more_queries_from_rollups_than_counting(client, world, page, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.models import RollupClock

    school_tasks_sync()
    client.force_login(world.user(role))
    url = ROLLUP_PAGES[page](world)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    from_rollups = queries()
    RollupClock.objects.update(as_of=local_today() - timedelta(days=1))
    counted = queries()
    # The dashboard's worst schools come with their names from the rollups: one query fewer there.
    assert from_rollups <= counted <= from_rollups + 1
    # a municipal officer's dashboard also counts what the municipality owes its region (one aggregate)
    assert from_rollups <= (17 if (page, role) == ("dashboard", "municipal") else 16)


def test_item_progress_from_rollups_is_what_counting_gives(world):
    from monitoring.models import RollupClock
    from monitoring.selectors.items import items_schools_progress

    school_tasks_sync()
    _set(world, Status.DONE, done_on=local_today())
    _set(world, Status.CANCELLED, school=world.home.other_school)
    _school_deactivated(world)
    ids = list(RoadmapItem.objects.values_list("pk", flat=True))
    from_rollups = items_schools_progress(ids, local_today())
    RollupClock.objects.update(as_of=local_today() - timedelta(days=1))
    counted = items_schools_progress(ids, local_today())
    assert any(p.total for p in counted.values())
    assert from_rollups == counted


def test_item_page_shows_the_first_schools_overdue_first(client, world, monkeypatch):
    """A 1,000-school municipality's item is not rendered whole: the first schools, and a link to the matrix."""
    import monitoring.selectors.items as items

    school_tasks_sync()
    _set(world, Status.DONE, done_on=local_today())  # home.school done; other_school overdue
    monkeypatch.setattr(items, "ITEM_SCHOOLS_LIMIT", 1)
    client.force_login(world.home.officer)
    response = client.get(reverse("roadmaps:item_detail", args=[world.home.item.pk]))
    assert [t.school_id for t in response.context["school_tasks"]] == [world.home.other_school.pk]
    html = response.content.decode()
    assert "Показаны первые 1 из 2 школ" in html
    assert f"?roadmap={world.home.roadmap.pk}" in html


@pytest.mark.parametrize("descending", [False, True], ids=["rate", "-rate"])
def test_rates_page_reads_rated_schools_in_the_order_of_the_full_query(world, descending):
    """The rates page pages the rated schools from the rollups' index; every slice equals the full query's."""
    from monitoring.selectors import RatedFirst

    make_school(make_municipality("Третий"))  # no tasks: no rate, last either way
    school_tasks_sync()
    _set(world, Status.DONE, done_on=local_today())
    _extend(world, 30)
    rows = RatedFirst(world.user("admin"), municipality_id=None, today=local_today(), descending=descending)
    assert rows.rated is not None
    full = list(rows.everyone)
    assert any(s.rate is None for s in full) and any(s.rate is not None for s in full)
    assert full[-1].rate is None
    for size in (1, 2, 3):
        for start in range(0, len(full) + 1, size):
            got = rows[start:start + size]
            assert [(s.pk, s.rate, s.n_overdue) for s in got] == [
                (s.pk, s.rate, s.n_overdue) for s in full[start:start + size]
            ]
    assert rows.count() == len(full)

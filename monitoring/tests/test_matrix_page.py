"""The matrix page's rows (fill_page_rows, roadmap_figures) against the counts the database makes (issue 9)."""

from datetime import date

import pytest

from monitoring.models import SchoolTask
from monitoring.selectors import (
    compliance_totals,
    fill_page_rows,
    matrix_school_list,
    matrix_schools,
    roadmap_figures,
    roadmap_sources,
    roadmap_tasks_q,
)
from monitoring.selectors.scope import school_tasks_visible_to
from roadmaps.status import Status
from tests.factories import add_school_clause

pytestmark = pytest.mark.django_db

TODAY = date(2022, 11, 15)
COUNTS = ("n_on_time", "n_late", "n_overdue", "n_not_due", "n_no_deadline", "n_cancelled", "n_total", "n_counted")


@pytest.fixture
def mixed(synced_world):
    w = synced_world
    add_school_clause(w.home.order, "Разместить <акты> & «положение»", deadline_text="до 01.09.2022")
    from monitoring.services import school_tasks_sync

    school_tasks_sync()
    items = list(w.home.roadmap.items.filter(all_schools=True).order_by("position"))
    SchoolTask.objects.filter(school=w.home.school, item=items[0]).update(status=Status.DONE, done_at=date(2022, 10, 1))
    SchoolTask.objects.filter(school=w.home.other_school, item=items[0]).update(
        status=Status.DONE, done_at=date(2022, 11, 2)
    )
    SchoolTask.objects.filter(school=w.home.other_school, item=items[1]).update(status=Status.CANCELLED)
    return w


@pytest.mark.parametrize("state", ["", "overdue", "on_time"])
def test_page_rows_count_as_the_database(mixed, state):
    user, roadmap = mixed.home.officer, mixed.home.roadmap
    sources = roadmap_sources(roadmap)
    schools = list(matrix_school_list(user, roadmap=roadmap, state=state, today=TODAY, sources=sources))
    fill_page_rows(user, sources=sources, columns=sources.columns, schools=schools, today=TODAY, state=state)
    expected = {s.pk: s for s in matrix_schools(user, roadmap=roadmap, state=state, today=TODAY)}
    assert [s.pk for s in schools] == list(expected)
    for school in schools:
        assert {k: getattr(school, k) for k in COUNTS} == {k: getattr(expected[school.pk], k) for k in COUNTS}
        assert school.rate == pytest.approx(expected[school.pk].rate)
        assert school.cells_html.count("<td") == len(sources.columns)
        assert "<акты>" not in school.cells_html


def test_figures_sum_to_the_roadmap_totals(mixed):
    user, roadmap = mixed.home.officer, mixed.home.roadmap
    sources = roadmap_sources(roadmap)
    totals = roadmap_figures(user, sources=sources, today=TODAY)
    tasks = school_tasks_visible_to(user).filter(roadmap_tasks_q(roadmap), school__is_active=True)
    expected = compliance_totals(tasks, TODAY)
    assert {k: totals[k] for k in COUNTS} == {k: expected[k] for k in COUNTS}
    assert totals["rate"] == pytest.approx(expected["rate"])
    assert all(column.rates for column in sources.columns)


@pytest.mark.parametrize("role", ["admin", "regional", "municipal"])
def test_figures_from_rollups_are_what_counting_gives(world, role):
    from datetime import timedelta

    from core.clock import local_today
    from monitoring.models import RollupClock
    from monitoring.selectors.rollups import rollups_current
    from monitoring.services import school_tasks_sync

    school_tasks_sync()
    today = local_today()
    SchoolTask.objects.filter(school=world.home.school).update(status=Status.DONE, done_at=today)
    SchoolTask.objects.filter(school=world.home.other_school).update(status=Status.CANCELLED)
    from monitoring.services.rollups import recount_tasks

    recount_tasks(SchoolTask.objects.all())
    user, sources = world.user(role), roadmap_sources(world.home.roadmap)

    def figures():
        totals = roadmap_figures(user, sources=sources, today=today)
        return totals, [column.rates for column in sources.columns]

    assert rollups_current(today)
    from_rollups = figures()
    RollupClock.objects.update(as_of=today - timedelta(days=1))
    counted = figures()
    assert counted[0]["n_total"] > 0
    assert from_rollups == counted

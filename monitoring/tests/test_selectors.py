"""Matrix, rates, dashboard and comparison selectors: figures and scope."""

from datetime import date

import pytest

from monitoring.models import Compliance, SchoolTask
from monitoring.selectors import (
    compliance_matrix_rows,
    dashboard_compliance,
    matrix_columns,
    municipality_comparison,
    schools_with_compliance,
    source_rates,
)
from tests.factories import add_school_clause
from roadmaps.status import Status

pytestmark = pytest.mark.django_db

TODAY = date(2022, 11, 15)


@pytest.fixture
def states(synced_world):
    """Home school: item 1 done on time, item 3 overdue. Sibling: item 1 late, item 3 not due (extended)."""
    w = synced_world
    items = list(w.home.roadmap.items.filter(all_schools=True).order_by("position"))
    SchoolTask.objects.filter(school=w.home.school, item=items[0]).update(
        status=Status.DONE, done_at=date(2022, 10, 31)
    )
    SchoolTask.objects.filter(school=w.home.other_school, item=items[0]).update(
        status=Status.DONE, done_at=date(2022, 11, 2)
    )
    SchoolTask.objects.filter(school=w.home.other_school, item=items[1]).update(
        due_date=date(2022, 12, 1), due_date_extended=True
    )
    return items


def test_matrix_columns_include_clauses(synced_world):
    clause = add_school_clause(synced_world.home.order, "Разместить локальные акты", deadline_text="до 01.09.2022")
    columns = matrix_columns(synced_world.home.roadmap)
    assert [c.label for c in columns] == ["п. 1", "п. 3", "Приказ, п. 3"]
    assert columns[-1].key == ("clause", clause.pk) and columns[0].deadline_text == "Октябрь 2022 г."


def test_matrix_rows_stream_cells_in_column_order(synced_world, states):
    rows = list(compliance_matrix_rows(synced_world.home.officer, roadmap=synced_world.home.roadmap, today=TODAY))
    by_school = {school.pk: [c.state if c else None for c in cells] for school, cells in rows}
    assert by_school == {
        synced_world.home.school.pk: [Compliance.ON_TIME, Compliance.OVERDUE],
        synced_world.home.other_school.pk: [Compliance.LATE, Compliance.NOT_DUE],
    }
    school, cells = rows[0]
    assert cells[0].task_id and cells[0].status_label and cells[0].colour


def test_matrix_rows_filters_and_scope(synced_world, states):
    roadmap = synced_world.home.roadmap
    late = list(compliance_matrix_rows(synced_world.admin, roadmap=roadmap, state=Compliance.LATE, today=TODAY))
    assert [s.pk for s, _ in late] == [synced_world.home.other_school.pk]
    named = list(
        compliance_matrix_rows(
            synced_world.admin, roadmap=roadmap, q=synced_world.home.school.short_name[-6:], today=TODAY
        )
    )
    assert [s.pk for s, _ in named] == [synced_world.home.school.pk]
    head_rows = list(compliance_matrix_rows(synced_world.home.head, roadmap=roadmap, today=TODAY))
    assert [s.pk for s, _ in head_rows] == [synced_world.home.school.pk]
    assert list(compliance_matrix_rows(synced_world.away.officer, roadmap=roadmap, today=TODAY)) == []


def test_school_rates_worst_first(synced_world, states):
    schools = list(schools_with_compliance(synced_world.home.officer, today=TODAY))
    home, sibling = synced_world.home.school, synced_world.home.other_school
    # home: 1 on time of 2 counted = 50 %; sibling: 0 on time of 1 counted = 0 %
    assert [(s.pk, s.rate) for s in schools] == [(sibling.pk, 0.0), (home.pk, 50.0)]


def test_source_rates(synced_world, states):
    rows = {row["item_id"]: row for row in source_rates(synced_world.home.officer, today=TODAY)}
    first, third = states
    assert (rows[first.pk]["n_on_time"], rows[first.pk]["n_late"], rows[first.pk]["rate"]) == (1, 1, 50.0)
    assert (rows[third.pk]["n_overdue"], rows[third.pk]["n_not_due"]) == (1, 1)


def test_dashboard(synced_world, states):
    data = dashboard_compliance(synced_world.home.officer, today=TODAY)
    assert data["totals"]["n_total"] == 4
    assert [row["school_id"] for row in data["worst_schools"]] == [
        synced_world.home.other_school.pk,
        synced_world.home.school.pk,
    ]
    assert [(row["item_id"], row["n_overdue"]) for row in data["overdue_items"]] == [(states[1].pk, 1)]
    regional = dashboard_compliance(synced_world.regional, today=TODAY)
    assert regional["totals"]["n_total"] == 8
    assert regional["totals"]["n_overdue"] == 1 + 4  # the away side has done nothing by 15.11.2022


def test_municipality_comparison(synced_world, states):
    rows = {m.pk: m for m in municipality_comparison(synced_world.regional, today=TODAY)}
    home, away = rows[synced_world.home.municipality.pk], rows[synced_world.away.municipality.pk]
    assert (home.n_schools, home.rates["n_total"], home.rates["rate"]) == (2, 4, pytest.approx(100 / 3))
    assert (away.rates["n_overdue"], away.rates["rate"]) == (4, 0.0)
    assert [m.pk for m in municipality_comparison(synced_world.home.officer, today=TODAY)] == [home.pk]


def test_dashboard_for_a_school_head_is_their_school_only(synced_world, states):
    data = dashboard_compliance(synced_world.home.head, today=TODAY)
    assert data["school_id"] == synced_world.home.school.pk
    assert (data["totals"]["n_total"], data["worst_schools"], data["overdue_items"]) == (2, [], [])


def test_dashboard_page_shows_the_block(client, synced_world, states):
    from django.urls import reverse

    client.force_login(synced_world.home.officer)
    body = client.get(reverse("dashboard")).content.decode()
    assert 'id="monitoring-widgets"' in body and synced_world.home.other_school.short_name in body
    client.force_login(synced_world.home.head)
    body = client.get(reverse("dashboard")).content.decode()
    assert 'id="head-school"' in body and 'id="compliance-summary"' in body and 'id="worst-schools"' not in body


def test_pk_url_is_what_the_url_tag_gives():
    from django.urls import reverse

    from monitoring.templatetags.monitoring_tags import pk_url

    for name in ("monitoring:school_cabinet", "roadmaps:item_detail", "roadmaps:order_detail"):
        for pk in (1, 42, 987654):
            assert pk_url(pk, name) == reverse(name, args=[pk])

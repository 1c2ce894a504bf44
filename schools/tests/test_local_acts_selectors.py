"""Scope of the local-acts selectors, the register (school × kind, latest version) and the school summary."""
import pytest

from tests.factories import make_act_version, make_school
from schools.acts.selectors import (
    MISSING, RegisterFilters, act_events_visible_to, acts_register, latest_acts_for_school,
    local_act_schools_submittable_by, local_act_versions_reviewable_by, local_act_versions_visible_to,
    local_acts_reviewable_by, local_acts_visible_to, SchoolCell, VersionCell,
)
from schools.models import LocalActKind, ReviewState

pytestmark = pytest.mark.django_db


@pytest.fixture
def acts(world):
    return {
        "home": make_act_version(world.home.school, user=world.home.head),
        "sibling": make_act_version(world.home.other_school, user=world.home.other_head),
        "away": make_act_version(world.away.school, user=world.away.head),
    }


SEES = {
    "admin": {"home", "sibling", "away"},
    "regional": {"home", "sibling", "away"},
    "municipal": {"home", "sibling"},
    "school_head": {"home"},
}
REVIEWS = {"admin": {"home", "sibling", "away"}, "regional": set(), "municipal": {"home", "sibling"}, "school_head": set()}


def _names(acts, pks):
    return {name for name, version in acts.items() if version.pk in set(pks)}


def _act_names(acts, act_pks):
    return {name for name, version in acts.items() if version.act_id in set(act_pks)}


@pytest.mark.parametrize("role", sorted(SEES))
def test_visibility_by_role(world, acts, role):
    user = world.user(role)
    assert _act_names(acts, local_acts_visible_to(user).values_list("pk", flat=True)) == SEES[role]
    assert _names(acts, local_act_versions_visible_to(user).values_list("pk", flat=True)) == SEES[role]
    assert _names(acts, act_events_visible_to(user).values_list("version_id", flat=True)) == SEES[role]
    assert _act_names(acts, local_acts_reviewable_by(user).values_list("pk", flat=True)) == REVIEWS[role]
    assert _names(acts, local_act_versions_reviewable_by(user).values_list("pk", flat=True)) == REVIEWS[role]


def test_nobody_sees_nothing(world, acts, django_user_model):
    nobody = django_user_model.objects.create_user("nobody")
    assert not local_acts_visible_to(nobody).exists() and not local_act_versions_visible_to(nobody).exists()
    assert not local_acts_reviewable_by(nobody).exists() and not local_act_schools_submittable_by(nobody).exists()


def test_who_submits_where(world):
    assert list(local_act_schools_submittable_by(world.home.head)) == [world.home.school]
    assert not local_act_schools_submittable_by(world.home.officer).exists()
    assert not local_act_schools_submittable_by(world.regional).exists()
    assert local_act_schools_submittable_by(world.admin).count() == 4


@pytest.fixture
def states(world):
    """home school: ВСОКО returned then resubmitted (pending), ТК accepted; sibling: ВСОКО returned; away: nothing."""
    home, sibling, officer = world.home.school, world.home.other_school, world.home.officer
    make_act_version(home, user=world.home.head, review_by=officer, decision=ReviewState.RETURNED, remarks="Нет ФГОС")
    make_act_version(home, user=world.home.head, comment="Исправлено")
    make_act_version(home, user=world.home.head, kind_code="tek_kontrol", review_by=officer,
                     decision=ReviewState.ACCEPTED)
    make_act_version(sibling, user=world.home.other_head, review_by=officer, decision=ReviewState.RETURNED,
                     remarks="Ссылка не открывается")
    return world


def _cells(register):
    return {(row.school.pk, row.kind.code): (row.state, row.version.number if row.version else None)
            for row in register.rows}


def test_register_has_one_row_per_school_and_kind_with_the_latest_version(states):
    w = states
    cells = _cells(acts_register(w.home.officer, RegisterFilters()))
    assert cells == {
        (w.home.school.pk, "vsoko"): (ReviewState.PENDING, 2),
        (w.home.school.pk, "tek_kontrol"): (ReviewState.ACCEPTED, 1),
        (w.home.other_school.pk, "vsoko"): (ReviewState.RETURNED, 1),
        (w.home.other_school.pk, "tek_kontrol"): (MISSING, None),
    }


@pytest.mark.parametrize("state, kind, expected", [
    (ReviewState.PENDING, None, {("home", "vsoko")}),
    (ReviewState.RETURNED, None, {("sibling", "vsoko")}),  # the home school's returned v1 is superseded
    (ReviewState.ACCEPTED, None, {("home", "tek_kontrol")}),
    (MISSING, None, {("sibling", "tek_kontrol")}),
    ("", "tek_kontrol", {("home", "tek_kontrol"), ("sibling", "tek_kontrol")}),
    (ReviewState.RETURNED, "tek_kontrol", set()),
    (MISSING, "vsoko", set()),
])
def test_register_filters(states, state, kind, expected):
    w = states
    kind_id = LocalActKind.objects.get(code=kind).pk if kind else None
    register = acts_register(w.home.officer, RegisterFilters(state=state, kind_id=kind_id))
    names = {w.home.school.pk: "home", w.home.other_school.pk: "sibling"}
    assert {(names[s], k) for s, k in _cells(register)} == expected
    # The database filter keeps schools with no matching cell off the page (paging counts schools).
    assert register.page.size == len({s for s, _ in expected})


@pytest.mark.parametrize("state, kind", [("", None), (ReviewState.PENDING, None), ("", "tek_kontrol")])
def test_register_without_people_reads_the_same_versions_as_values(states, state, kind, django_assert_num_queries):
    """The queue page's register (``people=False``, the kinds passed in): the same cells, the schools and versions
    as ``SchoolCell`` / ``VersionCell`` values holding what the page shows, in two queries."""
    w = states
    kinds = list(LocalActKind.objects.filter(is_active=True))
    filters = RegisterFilters(state=state, kind_id=LocalActKind.objects.get(code=kind).pk if kind else None)
    full = acts_register(w.home.officer, filters)
    with django_assert_num_queries(2):
        lean = acts_register(w.home.officer, filters, people=False, kinds=kinds)
    assert [(r.school.pk, r.school.short_name, r.school.municipality_name, r.kind.pk, r.state, r.state_label,
             r.state_badge) for r in lean.rows] == [
        (r.school.pk, r.school.short_name, r.school.municipality.short_name, r.kind.pk, r.state, r.state_label,
         r.state_badge) for r in full.rows]
    assert all(type(row.school) is SchoolCell for row in lean.rows)
    columns = ("pk", "number", "uploaded_at", "approval_number", "approval_date", "remarks", "state", "state_badge")
    pairs = [(a.version, b.version) for a, b in zip(lean.rows, full.rows) if b.version]
    assert pairs and all(type(cell) is VersionCell for cell, _ in pairs)
    assert [tuple(getattr(cell, c) for c in columns) for cell, _ in pairs] == [
        tuple(getattr(version, c) for c in columns) for _, version in pairs]


def test_register_school_filter_and_scope(states):
    w = states
    register = acts_register(w.home.officer, RegisterFilters(school_id=w.away.school.pk))
    assert register.rows == []  # another municipality's school is not in the officer's register
    register = acts_register(w.regional, RegisterFilters(school_id=w.away.school.pk))
    assert {row.state for row in register.rows} == {MISSING}


def test_register_pages_by_school(world):
    for _ in range(5):
        make_school(world.home.municipality)
    register = acts_register(world.home.officer, RegisterFilters(), per_page=3)
    assert len(register.rows) == 3 * 2 and register.page.has_next and not register.page.has_previous
    assert (register.page.start_index, register.page.end_index) == (1, 3)
    last = acts_register(world.home.officer, RegisterFilters(), page_number=3, per_page=3)
    assert len(last.rows) == 1 * 2 and not last.page.has_next and last.page.has_previous
    assert (last.page.start_index, last.page.end_index) == (7, 7)
    beyond = acts_register(world.home.officer, RegisterFilters(), page_number=4, per_page=3)
    assert beyond.rows == [] and not beyond.page.has_next and beyond.page.has_previous


def test_retired_kinds_leave_the_register_but_not_the_school_summary(states):
    w = states
    LocalActKind.objects.filter(code="tek_kontrol").update(is_active=False)
    assert {row.kind.code for row in acts_register(w.home.officer, RegisterFilters()).rows} == {"vsoko"}
    assert [row.kind.code for row in latest_acts_for_school(w.home.school)] == ["vsoko", "tek_kontrol"]
    assert [row.kind.code for row in latest_acts_for_school(w.home.other_school)] == ["vsoko"]


def test_latest_acts_for_school(states, django_assert_num_queries):
    w = states
    with django_assert_num_queries(2):
        rows = latest_acts_for_school(w.home.school)
    assert [(r.kind.code, r.state, r.version.number) for r in rows] == [
        ("vsoko", ReviewState.PENDING, 2), ("tek_kontrol", ReviewState.ACCEPTED, 1)]
    assert rows[0].state_label == "на проверке" and rows[0].state_badge == "warning"
    empty = latest_acts_for_school(w.away.school)
    assert [(r.state, r.state_label, r.version) for r in empty] == [(MISSING, "не загружен", None)] * 2

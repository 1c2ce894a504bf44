"""Local-acts pages issue the same number of queries whatever the number of schools and versions."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_act_version, make_school
from schools.acts.selectors import RegisterFilters, acts_register
from schools.models import LocalActKind, LocalActVersion, ReviewState

pytestmark = pytest.mark.django_db

STORY = [  # per new school, cycling: what happened to its ВСОКО act
    ("pending", None), ("accepted", ReviewState.ACCEPTED), ("returned", ReviewState.RETURNED), ("missing", None),
]


def _grow(world, schools: int) -> None:
    """Schools in the home municipality with acts in every state, and more versions of the home school's act."""
    have = world.home.municipality.schools.count()
    for n in range(have, schools):
        school = make_school(world.home.municipality)
        label, decision = STORY[n % len(STORY)]
        if label == "missing":
            continue
        make_act_version(school, user=world.admin, review_by=world.home.officer if decision else None,
                         decision=decision or "", remarks="Замечание" if decision == ReviewState.RETURNED else "")
        make_act_version(school, user=world.admin, kind_code="tek_kontrol")
    for _ in range(max(1, schools // 10)):
        make_act_version(world.home.school, user=world.home.head)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _home_version(world):
    return LocalActVersion.objects.filter(act__school=world.home.school).order_by("-number").first()


PAGES = {
    "review_queue": ("municipal", lambda w: reverse("schools:review_queue")),
    "review_queue_all": ("municipal", lambda w: reverse("schools:review_queue") + "?state="),
    "review_queue_missing": ("admin", lambda w: reverse("schools:review_queue") + "?state=missing"),
    "review_queue_kind": ("regional", lambda w: reverse("schools:review_queue")
                          + f"?state=returned&kind={LocalActKind.objects.get(code='vsoko').pk}"),
    "school_acts": ("school_head", lambda w: reverse("schools:school_acts", args=[w.home.school.pk])),
    "act_version": ("municipal", lambda w: reverse("schools:act_version", args=[_home_version(w).pk])),
}


# The review queue reads the kinds once (its kind filter's options are the register's kinds): one query fewer
# than when the filter read them again.
MAX_QUERIES = {"review_queue": 8, "review_queue_all": 8, "review_queue_kind": 8, "review_queue_missing": 7}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_same_queries_at_two_sizes(client, world, page):
    role, url = PAGES[page]
    client.force_login(world.user(role))
    _grow(world, 10)
    small = _queries(client, url(world))
    _grow(world, 80)
    assert world.home.municipality.schools.count() == 80
    large = _queries(client, url(world))
    assert large == small, f"{page}: {small} queries with 10 schools, {large} with 80"
    assert small <= MAX_QUERIES.get(page, 15)


@pytest.mark.parametrize("schools", [10, 80])
def test_register_selector_query_count(world, django_assert_num_queries, schools):
    _grow(world, schools)
    # kinds, the page of schools (no COUNT: the pager reads one school more), their latest versions
    with django_assert_num_queries(3):
        register = acts_register(world.home.officer, RegisterFilters(state=ReviewState.PENDING))
        rows = [(row.school.short_name, row.state, row.version.uploaded_by.username) for row in register.rows]
    assert rows and {state for _, state, _ in rows} == {ReviewState.PENDING}

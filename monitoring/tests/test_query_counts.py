"""Monitoring pages issue the same number of queries with 10 schools and with 60 schools × 20 tasks."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import CriterionScore, SchoolTask, WebsiteCheck
from monitoring.selectors import dashboard_compliance
from monitoring.services import school_tasks_sync
from roadmaps.models import RoadmapItem
from roadmaps.status import Status
from schools.models import School
from tests.factories import add_schools

pytestmark = pytest.mark.django_db

TASKS_PER_SCHOOL = 20


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.fixture
def big(world, campaign):
    roadmap = world.home.roadmap
    have = roadmap.items.filter(all_schools=True).count()
    RoadmapItem.objects.bulk_create(
        RoadmapItem(
            roadmap=roadmap,
            number=str(100 + i),
            position=100 + i,
            activity=f"Задача ОО {i}",
            all_schools=True,
            deadline_text="ноябрь 2022 г.",
            deadline_start=date(2022, 11, 1),
            deadline_end=date(2022, 11, 30),
        )
        for i in range(TASKS_PER_SCHOOL - have)
    )
    return world, campaign


def _grow(world, campaign, schools: int) -> None:
    municipality = world.home.municipality
    add_schools(municipality, schools)
    school_tasks_sync(roadmap=world.home.roadmap)
    # a mix of states and checks on every size
    tasks = list(SchoolTask.objects.filter(school__municipality=municipality, status=Status.NOT_STARTED).order_by("pk"))
    for index, task in enumerate(tasks[::3]):
        task.status, task.done_at = Status.DONE, date(2022, 10, 10 + index % 21)
    SchoolTask.objects.bulk_update(tasks[::3], ["status", "done_at"])
    criteria = list(campaign.criteria.all())
    unchecked = School.objects.filter(municipality=municipality).exclude(website_checks__campaign=campaign)[::2]
    checks = WebsiteCheck.objects.bulk_create(
        WebsiteCheck(
            campaign=campaign, school=s, found=True, checked_by=world.home.officer, checked_at="2022-11-10T10:00+07:00"
        )
        for s in unchecked
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(check_result=c, criterion=k, score=1) for c in checks for k in criteria
    )
    assert SchoolTask.objects.filter(school__municipality=municipality).count() == schools * TASKS_PER_SCHOOL


PAGES = {
    "compliance_matrix": lambda w, c: reverse("monitoring:compliance_matrix"),
    "matrix_filtered": lambda w, c: reverse("monitoring:compliance_matrix") + "?state=overdue&q=МБОУ",
    "compliance_rates": lambda w, c: reverse("monitoring:compliance_rates"),
    "municipalities": lambda w, c: reverse("monitoring:municipalities"),
    "campaign_list": lambda w, c: reverse("monitoring:campaign_list"),
    "campaign_detail": lambda w, c: reverse("monitoring:campaign_detail", args=[c.pk]),
    "campaign_unchecked": lambda w, c: reverse("monitoring:campaign_detail", args=[c.pk]) + "?check_filter=unchecked",
    "school_cabinet": lambda w, c: reverse("monitoring:school_cabinet", args=[w.home.school.pk]),
    "task_detail": lambda w, c: reverse("monitoring:task_detail", args=[w.home.school.tasks.first().pk]),
    # sorted and paged lists, pickers and the one-file export (issue 9)
    "rates_sorted": lambda w, c: reverse("monitoring:compliance_rates") + "?sort=-name&ssort=overdue&spage=2",
    "municipalities_by_rate": lambda w, c: reverse("monitoring:municipalities") + "?sort=-rate",
    "municipalities_by_schools": lambda w, c: reverse("monitoring:municipalities") + "?sort=schools",
    "campaigns_sorted": lambda w, c: reverse("monitoring:campaign_list") + "?sort=title&page=1",
    "matrix_columns_page": lambda w, c: reverse("monitoring:compliance_matrix") + "?cols=2",
    "region_export": lambda w, c: reverse("monitoring:region_compliance_export"),
    "school_picker": lambda w, c: reverse("schools:school_picker") + "?q=МБОУ",
    "municipality_picker": lambda w, c: reverse("schools:municipality_picker") + "?q=а",
    "roadmap_picker": lambda w, c: reverse("roadmaps:roadmap_picker") + "?q=а",
    "roadmap_list": lambda w, c: reverse("roadmaps:roadmap_list") + "?sort=-overdue",
    "dashboard": lambda w, c: reverse("dashboard"),
    "acts_queue": lambda w, c: reverse("schools:review_queue") + "?state=&sort=school",
}


# Pages whose queries were cut (the campaign results read their rows with their progress in one query, the
# review queue its kinds once): their bound, for the municipal officer (an administrator issues one query fewer).
MAX_QUERIES = {
    "campaign_detail": 12, "campaign_unchecked": 13, "campaign_list": 9, "campaigns_sorted": 9,
    "school_cabinet": 10, "task_detail": 7, "acts_queue": 8,
    "dashboard": 17,  # an officer's also counts what their municipality owes the region (one aggregate)
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ["municipal", "admin"])
def test_same_queries_with_10_and_60_schools(client, big, page, role):
    world, campaign = big
    client.force_login(world.user(role))
    _grow(world, campaign, 10)
    small = _queries(client, PAGES[page](world, campaign))
    _grow(world, campaign, 60)
    large = _queries(client, PAGES[page](world, campaign))
    assert large == small, f"{page}: {small} queries with 10 schools, {large} with 60"
    assert small <= MAX_QUERIES.get(page, 16)


def test_dashboard_block_and_export_rows(big, django_assert_num_queries):
    from monitoring.selectors import compliance_matrix_rows

    world, campaign = big
    _grow(world, campaign, 10)
    officer = world.home.officer
    with CaptureQueriesContext(connection) as small:
        dashboard_compliance(officer)
        rows_small = list(compliance_matrix_rows(officer, roadmap=world.home.roadmap))
    _grow(world, campaign, 60)
    with django_assert_num_queries(len(small)):
        dashboard_compliance(officer)
        rows = list(compliance_matrix_rows(officer, roadmap=world.home.roadmap))
    assert (len(rows_small), len(rows)) == (10, 60)
    assert all(len(cells) == TASKS_PER_SCHOOL and all(cells) for _, cells in rows)

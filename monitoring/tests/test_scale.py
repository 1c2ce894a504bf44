"""Issue 9 (national scale): pickers answer inside the user's scope, lists sort and page, the one-file export
of every school in scope is right and scoped."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import Compliance, SchoolTask
from monitoring.selectors.region import region_compliance_rows
from roadmaps.status import Status

pytestmark = pytest.mark.django_db

TODAY = date(2022, 11, 15)


def _labels(client, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return [row["label"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "role, sees_home, sees_away",
    [("admin", True, True), ("regional", True, True), ("municipal", True, False), ("school_head", True, False)],
)
def test_school_picker_answers_inside_the_scope(client, world, role, sees_home, sees_away):
    client.force_login(world.user(role))
    labels = " ".join(_labels(client, reverse("schools:school_picker"), "СОШ"))
    labels += " ".join(_labels(client, reverse("schools:school_picker"), world.away.school.short_name))
    assert (world.home.school.short_name in labels) is sees_home
    assert (world.away.school.short_name in labels) is sees_away
    if role == "school_head":
        assert world.home.other_school.short_name not in labels


@pytest.mark.parametrize("role, sees_away", [("regional", True), ("municipal", False), ("school_head", False)])
def test_municipality_and_roadmap_pickers_answer_inside_the_scope(client, world, role, sees_away):
    client.force_login(world.user(role))
    municipalities = _labels(client, reverse("schools:municipality_picker"), world.away.municipality.short_name)
    roadmaps = _labels(client, reverse("roadmaps:roadmap_picker"), world.away.municipality.short_name)
    assert bool(municipalities) is sees_away and bool(roadmaps) is sees_away
    assert _labels(client, reverse("roadmaps:roadmap_picker"), world.home.municipality.short_name)


def test_picker_without_query_returns_nothing_and_anonymous_is_sent_to_login(client, world):
    assert client.get(reverse("schools:school_picker"), {"q": "СОШ"}).status_code == 302
    client.force_login(world.admin)
    assert client.get(reverse("schools:school_picker")).json() == {"results": []}


def test_acts_queue_has_no_select_of_schools_and_filters_by_the_picked_one(client, world):
    client.force_login(world.regional)
    url = reverse("schools:review_queue")
    body = client.get(url, {"state": ""}).content.decode()
    assert '<select name="school"' not in body and '<input type="hidden" name="school"' in body
    assert 'data-picker-url="/schools/pick/schools/"' in body
    body = client.get(url, {"state": "", "school": world.away.school.pk}).content.decode()
    assert f'value="{world.away.school.short_name} ({world.away.municipality.short_name})"' in body
    assert f'data-school="{world.home.school.pk}"' not in body and f'data-school="{world.away.school.pk}"' in body


def test_officer_cannot_filter_the_queue_by_another_municipality_school(client, world):
    client.force_login(world.home.officer)
    body = client.get(reverse("schools:review_queue"), {"state": "", "school": world.away.school.pk}).content.decode()
    assert world.away.school.short_name not in body


def test_rates_page_filters_by_a_municipality_in_scope_only(client, synced_world):
    client.force_login(synced_world.regional)
    url = reverse("monitoring:compliance_rates")
    body = client.get(url, {"municipality": synced_world.away.municipality.pk}).content.decode()
    assert synced_world.away.school.short_name in body and synced_world.home.school.short_name not in body
    assert client.get(url, {"municipality": 999999}).status_code == 404


def _school_order(body: str, names: list[str]) -> list[str]:
    return sorted(names, key=body.index)


def test_rates_sort_by_name_both_ways(client, synced_world):
    client.force_login(synced_world.home.officer)
    url = reverse("monitoring:compliance_rates")
    names = [synced_world.home.school.short_name, synced_world.home.other_school.short_name]
    ascending = _school_order(client.get(url, {"sort": "name"}).content.decode(), names)
    descending = _school_order(client.get(url, {"sort": "-name"}).content.decode(), names)
    assert ascending == sorted(names) and descending == sorted(names, reverse=True)


def test_municipalities_sorted_and_paged(client, synced_world, settings):
    client.force_login(synced_world.regional)
    url = reverse("monitoring:municipalities")
    names = [synced_world.home.municipality.name, synced_world.away.municipality.name]
    by_name = _school_order(client.get(url, {"sort": "name"}).content.decode(), names)
    by_name_desc = _school_order(client.get(url, {"sort": "-name"}).content.decode(), names)
    assert by_name == list(reversed(by_name_desc))
    body = client.get(url, {"sort": "rate"}).content.decode()
    assert synced_world.away.municipality.name in body and 'id="region-export"' in body


def test_campaign_list_pages(client, world, monkeypatch):
    from monitoring.services import campaign_create
    from monitoring.views import campaigns as views

    for n in range(3):
        campaign_create(user=world.home.officer, municipality=world.home.municipality, title=f"Мониторинг {n}",
                        period_start=date(2022, 11, 1), period_end=date(2022, 11, 30), item=None)
    monkeypatch.setattr(views, "CAMPAIGNS_PAGE_SIZE", 2)
    client.force_login(world.home.officer)
    first = client.get(reverse("monitoring:campaign_list"), {"sort": "title"}).content.decode()
    second = client.get(reverse("monitoring:campaign_list"), {"sort": "title", "page": 2}).content.decode()
    assert "Мониторинг 0" in first and "Мониторинг 1" in first and "Мониторинг 2" not in first
    assert "Мониторинг 2" in second and "стр. 2 из 2" in second


def test_matrix_pages_its_columns(client, synced_world, monkeypatch):
    from monitoring.views import compliance as views

    monkeypatch.setattr(views, "MATRIX_COLUMNS", 1)
    client.force_login(synced_world.home.officer)
    url = reverse("monitoring:compliance_matrix")
    first = client.get(url).content.decode()
    second = client.get(url, {"cols": 2}).content.decode()
    assert 'id="matrix-columns"' in first and "Мероприятия 1–1" in first and "Мероприятия 2–2" in second


def _mark_states(world):
    tasks = list(SchoolTask.objects.filter(school=world.home.school).order_by("item__position", "pk"))
    first = tasks[0]
    first.status, first.done_at = Status.DONE, first.due_date
    first.save()
    return tasks


def test_region_rows_put_each_task_at_its_position_and_respect_scope(synced_world):
    _mark_states(synced_world)
    width, rows = region_compliance_rows(synced_world.regional, academic_year=2022, today=TODAY)
    rows = list(rows)
    assert {r.school_id for r in rows} == {
        synced_world.home.school.pk, synced_world.home.other_school.pk,
        synced_world.away.school.pk, synced_world.away.other_school.pk,
    }
    home = next(r for r in rows if r.school_id == synced_world.home.school.pk)
    assert width >= 1 and home.cells[0].state == Compliance.ON_TIME
    expected = SchoolTask.objects.filter(school=synced_world.home.school).count()
    assert sum(1 for c in home.cells if c) == expected
    _, officer_rows = region_compliance_rows(synced_world.home.officer, academic_year=2022, today=TODAY)
    assert {r.school_id for r in officer_rows} == {synced_world.home.school.pk, synced_world.home.other_school.pk}


@pytest.mark.parametrize("role, status", [("regional", 200), ("municipal", 200), ("admin", 200), ("school_head", 403)])
def test_region_export_download(client, synced_world, role, status):
    client.force_login(synced_world.user(role))
    response = client.get(reverse("monitoring:region_compliance_export"))
    assert response.status_code == status
    if status != 200:
        return
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    schools = {row[1] for row in rows}
    assert synced_world.home.school.short_name in schools
    assert (synced_world.away.school.short_name in schools) is (role != "municipal")
    assert sheet.cell(3, 3).value == "Задача 1: состояние"


def test_a_big_scope_export_runs_on_the_worker(client, synced_world, settings, django_capture_on_commit_callbacks):
    from core.jobs.models import BackgroundJob
    from monitoring.sitecheck.tests.worker import run_queued_tasks

    settings.BACKGROUND_EXPORT_MIN_SCHOOLS = 3
    client.force_login(synced_world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("monitoring:region_compliance_export"))
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.owner, job.kind) == (synced_world.regional, "region_compliance")
    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.state == "done" and job.total == 4
    download = client.get(reverse("jobs:download", args=[job.pk]))
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content)), read_only=True).active
    schools = {row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert {synced_world.home.school.short_name, synced_world.away.school.short_name} <= schools
    # an officer's scope (two schools) stays a direct download
    client.force_login(synced_world.home.officer)
    assert client.get(reverse("monitoring:region_compliance_export")).status_code == 200

"""Big exports go to the worker: a job page with progress, then a download only its owner can fetch."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.jobs.models import BackgroundJob
from core.jobs.services import export_job_start
from monitoring.sitecheck.tests.worker import run_queued_tasks


@pytest.fixture
def big_threshold(settings):
    settings.BACKGROUND_EXPORT_MIN_SCHOOLS = 1


def test_big_compliance_export_runs_on_the_worker(client, world, big_threshold, django_capture_on_commit_callbacks):
    from monitoring.services import school_tasks_sync

    school_tasks_sync()
    client.force_login(world.home.officer)
    url = reverse("monitoring:compliance_matrix_export") + f"?roadmap={world.home.roadmap.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.owner, job.kind, job.state) == (world.home.officer, "compliance", "queued")
    page = client.get(response["Location"]).content.decode()
    assert "в очереди" in page and "jobs/job.js" in page and "<script>" not in page
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["download_url"] is None

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.state == "done" and job.done == job.total > 0
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["download_url"] == reverse("jobs:download", args=[job.pk])
    download = client.get(status["download_url"])
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert world.home.school.short_name in text
    assert world.away.school.short_name not in text  # built in the owner's scope


@pytest.mark.parametrize("role", ["away_officer", "home_head", "regional"])
def test_only_the_owner_sees_the_job(client, world, role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_start(user=world.home.officer, kind="compliance", params={"roadmap": world.home.roadmap.pk},
                               filename="Исполнение.xlsx")
    run_queued_tasks()
    user = {"away_officer": world.away.officer, "home_head": world.home.head, "regional": world.regional}[role]
    client.force_login(user)
    for name in ("detail", "status", "download"):
        assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404


def test_a_refused_report_is_a_russian_error(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_start(user=world.home.officer, kind="compliance", params={"roadmap": world.away.roadmap.pk},
                               filename="x.xlsx")
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == "failed" and "недоступна пользователю" in job.error and not job.result
    client.force_login(world.home.officer)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert "недоступна пользователю" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_small_export_stays_a_direct_download(client, world):
    client.force_login(world.home.officer)
    response = client.get(reverse("monitoring:compliance_matrix_export") + f"?roadmap={world.home.roadmap.pk}")
    assert response.status_code == 200 and BackgroundJob.objects.count() == 0

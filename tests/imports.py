"""Test helpers for the shared import flow (core.imports): post an upload, let the worker read it, confirm."""
from django.urls import reverse

from core.jobs.models import BackgroundJob
from monitoring.sitecheck.tests.worker import run_queued_tasks


def upload(client, url: str, data: dict):
    """POST the upload form; on success run the reading on the worker and return (job, the job's page)."""
    response = client.post(url, data)
    if response.status_code != 302:
        return None, response
    job = BackgroundJob.objects.filter(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1])).get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state == "queued" and job.upload  # nothing read in the request: the worker reads it
    run_queued_tasks()
    job.refresh_from_db()
    return job, client.get(response.url)


def confirm(client, job):
    """Confirm the preview, run the writing on the worker, return the job's (result) page."""
    response = client.post(reverse("jobs:import_confirm", args=[job.pk]))
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    run_queued_tasks()
    job.refresh_from_db()
    return client.get(response.url)


def browser_worker(page, selector: str) -> None:
    """In a real browser: the job's page is up, the worker runs what was queued, the page turns (by itself)
    into ``selector`` (the preview or the result)."""
    page.wait_for_selector("#job")
    run_queued_tasks()
    page.wait_for_selector(selector)

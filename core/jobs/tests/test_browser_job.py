"""Real browser: a big export becomes a job page that turns into a download link when the worker is done."""

import pytest
from django.urls import reverse

from monitoring.sitecheck.tests.worker import run_queued_tasks
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_waits_for_a_big_export_and_downloads_it(live_server, world, browser_page, settings):
    from monitoring.services import school_tasks_sync

    settings.BACKGROUND_EXPORT_MIN_SCHOOLS = 1
    school_tasks_sync()
    page = browser_page
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", world.home.officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("monitoring:compliance_matrix_export") + f"?roadmap={world.home.roadmap.pk}")
    page.wait_for_selector("#job")
    assert "в очереди" in page.inner_text("#job-state")
    assert not page.is_visible("#job-download")
    url = page.url
    run_queued_tasks()
    page.wait_for_selector("#job-download", state="visible")
    assert page.url == url and "готово" in page.inner_text("#job-state")
    assert "строк:" in page.inner_text("#job-state")
    page.screenshot(path=str(page.screenshot_dir / "job_ready.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#job-download")
    assert download.value.suggested_filename.endswith(".xlsx")

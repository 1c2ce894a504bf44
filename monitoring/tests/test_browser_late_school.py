"""Browser: the dashboard tells an officer a new school got past-due tasks; they pick a date and «не применяется»."""

from datetime import timedelta

import pytest

from monitoring.models import SchoolTask
from monitoring.services import school_tasks_sync
from tests.factories import make_school
from core.clock import local_today
from roadmaps.status import Status
from tests.browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_decides_a_new_schools_tasks(live_server, world, browser_page):
    school_tasks_sync()
    school = make_school(world.home.municipality, short_name="МБОУ «Новая СОШ»")
    school_tasks_sync(school=school)
    first, second = SchoolTask.objects.filter(school=school).order_by("item__position")
    page = browser_page
    browser_login(page, live_server.url, world.home.officer)
    page.click("#late-tasks-alert a")
    page.wait_for_selector("#late-tasks")
    due = local_today() + timedelta(days=10)
    row = page.locator(f'tr[data-task="{first.pk}"]')
    row.locator("input[name=due_date]").fill(f"{due:%d.%m.%Y}")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(f"text=срок {due:%d.%m.%Y} назначен")
    row = page.locator(f'tr[data-task="{second.pk}"]')
    row.locator("input[value=not_applicable]").check()
    row.locator("button[type=submit]").click()
    page.wait_for_selector("text=задача отмечена как неприменимая")
    assert "задач, ждущих решения, нет" in page.inner_text("#late-tasks")
    page.screenshot(path=str(page.screenshot_dir / "late_tasks_done.png"), full_page=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.due_date == due and second.status == Status.CANCELLED

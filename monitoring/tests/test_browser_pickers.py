"""Real browser: a regional specialist finds a school with the searchable picker and filters the acts queue by it;
an officer picks another roadmap in the matrix the same way (issue 9: no select with thousands of options)."""

import pytest
from django.urls import reverse

from monitoring.services import school_tasks_sync
from tests.browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_regional_picks_a_school_in_the_acts_queue(live_server, world, browser_page):
    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))  # a script error in picker.js
    browser_login(page, live_server.url, world.regional)
    page.goto(live_server.url + reverse("schools:review_queue") + "?state=")
    school = world.away.school
    page.fill("#register-school-text", school.short_name[-4:])
    option = page.get_by_role("option", name=f"{school.short_name} ({world.away.municipality.short_name})")
    option.click()
    assert page.input_value("input[type=hidden][name=school]") == str(school.pk)
    page.click("#register-filters button[type=submit]")
    page.wait_for_load_state()
    assert f"school={school.pk}" in page.url
    assert page.input_value("#register-school-text") == f"{school.short_name} ({world.away.municipality.short_name})"
    assert page.locator(f"#acts-register tr[data-school='{world.home.school.pk}']").count() == 0
    # one school left (rows per kind of act need kinds, which transactional tests may have flushed)
    assert "Школ: 1" in page.inner_text("#register-count")
    page.screenshot(path=str(page.screenshot_dir / "acts_queue_school_picker.png"), full_page=True)
    assert errors == []


def test_admin_picks_a_roadmap_in_the_matrix(live_server, world, browser_page):
    school_tasks_sync()
    page = browser_page
    browser_login(page, live_server.url, world.admin)
    page.goto(live_server.url + reverse("monitoring:compliance_matrix"))
    page.wait_for_selector("#matrix")
    page.fill("#matrix-roadmap-text", world.away.municipality.short_name[:4])
    page.get_by_role("option", name=world.away.municipality.short_name, exact=False).first.click()
    page.click("#matrix-filter button[type=submit]")
    page.wait_for_selector("#matrix")
    assert page.locator(f"#matrix tr[data-school='{world.away.school.pk}']").count() == 1
    assert page.locator(f"#matrix tr[data-school='{world.home.school.pk}']").count() == 0

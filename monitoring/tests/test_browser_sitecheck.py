"""Real browser: the officer starts the automatic check, watches the progress update without reloading,
and confirms one school's result. Tasks are run by django-tasks-db's worker code between the steps."""

from datetime import date

import pytest
from playwright.sync_api import expect
from django.urls import reverse

from monitoring.models import WebsiteCheck
from monitoring.services import campaign_create
from monitoring.sitecheck.tests.worker import run_queued_tasks
from tests.factories import make_school
from tests.browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_runs_automatic_check_and_confirms(
    live_server, corpus_world, corpus, browser_page, settings, tmp_path
):
    world = corpus_world
    home = world.home
    make_school(home.municipality, website=corpus["hang"].url, short_name="МБОУ «Молчащая СОШ»")
    settings.SITECHECK_READ_TIMEOUT = 1
    campaign = campaign_create(user=home.officer, municipality=home.municipality, title="Мониторинг сайтов: ВСОКО",
                               period_start=date(2022, 11, 1), period_end=date(2022, 11, 30))
    page = browser_page
    shots = page.screenshot_dir
    browser_login(page, live_server.url, home.officer)
    page.goto(live_server.url + reverse("monitoring:campaign_detail", args=[campaign.pk]))
    page.click("#sitecheck-start")
    page.wait_for_selector("#sitecheck-status")
    assert "Проверено 0 из 3" in " ".join(page.inner_text("#sitecheck-status").split())
    url_before = page.url

    assert run_queued_tasks(limit=1) == 1
    expect(page.locator("[data-field=checked]")).to_have_text("1")  # polled: the page's CSP forbids eval
    assert page.url == url_before  # updated by polling, not by a reload
    card = page.locator("#campaign-progress")
    expect(card.locator("[data-campaign=checked]")).to_have_text("1")  # «Проверено школ» follows the polling too
    assert card.locator("[data-campaign=total]").inner_text() == "3"
    assert "pct-33" in card.locator("[data-campaign=bar]").get_attribute("class")
    page.screenshot(path=str(shots / "sitecheck_progress.png"), full_page=True)

    run_queued_tasks()
    page.wait_for_selector("text=проверка завершена")
    assert page.locator("#sitecheck-bar").get_attribute("value") == "3"
    expect(card.locator("[data-campaign=checked]")).to_have_text("3")
    assert card.locator("[data-campaign=found]").inner_text() == "2"  # the hanging site: checked, nothing found
    assert "pct-100" in card.locator("[data-campaign=bar]").get_attribute("class")
    page.screenshot(path=str(shots / "sitecheck_finished.png"), full_page=True)
    # the «Критерии» card followed the polling too: what a reload shows, without the reload
    criteria = page.locator("#campaign-criteria")
    polled = criteria.inner_text()
    assert "из 3" in polled and "из 0" not in polled and page.url == url_before
    page.reload()
    assert page.locator("#campaign-criteria").inner_text() == polled

    page.goto(live_server.url + reverse("monitoring:campaign_detail", args=[campaign.pk]))
    row = page.locator(f"#campaign-results tr[data-school='{home.school.pk}']")
    assert "не подтверждено" in row.inner_text()
    row.get_by_role("link", name="Изменить").click()
    page.wait_for_selector("#automatic-result")
    assert "Положение о ВСОКО" in page.inner_text("#automatic-documents")
    page.click("#confirm-button")
    page.wait_for_selector("#confirmation")
    assert "Подтвердил" in page.inner_text("#confirmation")
    page.screenshot(path=str(shots / "sitecheck_confirmed.png"), full_page=True)
    check = WebsiteCheck.objects.get(campaign=campaign, school=home.school)
    assert check.confirmed_by == home.officer

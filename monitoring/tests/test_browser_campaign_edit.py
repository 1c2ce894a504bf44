"""Browser: an officer opens a campaign, edits its title and adds a criterion; the campaign page shows them."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.services import campaign_create
from tests.browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_edits_a_campaign(live_server, world, browser_page):
    campaign = campaign_create(user=world.home.officer, municipality=world.home.municipality, title="Мониторинг сайтов",
                               period_start=date(2022, 11, 1), period_end=date(2022, 11, 30))
    n = campaign.criteria.count()
    page = browser_page
    browser_login(page, live_server.url, world.home.officer)
    page.goto(live_server.url + reverse("monitoring:campaign_detail", args=[campaign.pk]))
    page.click("#campaign-edit")
    page.wait_for_selector("#campaign-edit-form")
    page.fill("input[name=title]", "Мониторинг: Положение о ВСОКО, декабрь 2022")
    page.fill(f"textarea[name=criteria-{n}-title]", "Есть отметка об электронной подписи")
    page.screenshot(path=str(page.screenshot_dir / "campaign_edit.png"), full_page=True)
    page.click("#campaign-edit-form button[type=submit]")
    page.wait_for_selector("text=Мониторинг сохранён.")
    assert "декабрь 2022" in page.inner_text("h1")
    assert "Есть отметка об электронной подписи" in page.inner_text("main")
    assert campaign.criteria.count() == n + 1

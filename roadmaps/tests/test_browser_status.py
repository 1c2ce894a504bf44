"""Real-browser journey: an officer logs in, changes an item's status with a comment, sees it in the history."""
import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from roadmaps.status import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_changes_status_in_browser(live_server, world, browser_page):
    page = browser_page
    item = world.home.item
    page.goto(live_server.url + reverse("roadmaps:item_detail", args=[item.pk]))
    assert "/accounts/login/" in page.url  # login required first
    page.fill("input[name=username]", world.home.officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#status-form")

    page.select_option("select[name=status]", Status.IN_PROGRESS)
    page.fill("textarea[name=comment]", "Совещание назначено на 25 августа")
    page.click("#status-form button[type=submit]")

    page.wait_for_selector("text=Статус сохранён.")
    history = page.inner_text("#history")
    assert "Совещание назначено на 25 августа" in history
    assert "Не начато" in history and "В работе" in history
    assert "В работе" in page.inner_text("#item-status")
    page.screenshot(path=str(browser_page.screenshot_dir / "item_detail_after_status.png"), full_page=True)
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS

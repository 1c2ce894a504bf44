"""Browser: a head sees the bell's count, opens a notification, lands on its object; the count drops."""

import pytest

from monitoring.services import school_tasks_sync
from portal.notifications.models import Notification
from tests.browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_opens_a_notification_from_the_bell(live_server, world, browser_page):
    school_tasks_sync()
    page = browser_page
    browser_login(page, live_server.url, world.home.head)
    page.wait_for_selector("#bell-count")
    assert page.inner_text("#bell-count") == "2"  # both tasks of the school are overdue
    page.click("#bell")
    page.wait_for_selector("#notifications .notification-unread")
    page.screenshot(path=str(page.screenshot_dir / "notifications.png"), full_page=True)
    page.locator("#notifications .notification button").first.click()
    page.wait_for_url("**/monitoring/tasks/*/")
    assert page.inner_text("#bell-count") == "1"
    assert Notification.objects.filter(user=world.home.head, read_at__isnull=False).count() == 1

"""Browser: an officer marks an «все ОО» item done while schools are overdue, confirms, sees the flag."""

import pytest
from django.urls import reverse

from monitoring.services import school_tasks_sync
from roadmaps.status import Status
from tests.browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_confirms_done_while_schools_are_overdue(live_server, world, browser_page):
    school_tasks_sync()
    page, item = browser_page, world.home.item
    browser_login(page, live_server.url, world.home.officer)
    page.goto(live_server.url + reverse("roadmaps:item_detail", args=[item.pk]))
    assert "выполнили 0 из 2 ОО" in page.inner_text("main")
    assert page.locator("#item-schools tbody tr").count() == 2

    page.select_option("select[name=status]", Status.DONE)
    page.fill("textarea[name=comment]", "Совещание проведено")
    page.click("#status-form button[type=submit]")
    page.wait_for_selector("input[name=confirm_open_schools]")
    assert "Подтверждаю" in page.inner_text("#status-form")
    page.screenshot(path=str(page.screenshot_dir / "item_done_confirm.png"), full_page=True)
    page.check("input[name=confirm_open_schools]")
    page.click("#status-form button[type=submit]")
    page.wait_for_selector("text=Статус сохранён.")
    assert "выполнено, но 2 ОО просрочили" in page.inner_text("#item-status, main")
    item.refresh_from_db()
    assert item.status == Status.DONE

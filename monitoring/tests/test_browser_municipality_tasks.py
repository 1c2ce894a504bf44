"""Browser: a municipal officer reports their municipality's task of a regional roadmap done; the regional specialist
sees it on the regional item's page."""
from pathlib import Path

import pytest
from django.urls import reverse

from core.hooks import task_sources_changed
from monitoring.models import MunicipalityTask
from roadmaps.status import Status
from tests.browser import browser_login, open_section
from tests.factories import make_regional_roadmap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/munitasks")  # screenshots to look at, outside the repository


def test_officer_reports_a_regional_task_and_the_region_sees_it(live_server, world, browser_page, browser):
    roadmap = make_regional_roadmap(world.home.municipality.region)
    task_sources_changed.fire(roadmap=roadmap)
    item = roadmap.items.get()
    task = MunicipalityTask.objects.get(municipality=world.home.municipality, item=item)
    SHOTS.mkdir(parents=True, exist_ok=True)

    page = browser_page
    browser_login(page, live_server.url, world.home.officer)
    open_section(page, "Задачи от региона")
    page.wait_for_selector("#municipality-tasks")
    assert page.locator("#municipality-tasks tbody tr").count() == 1
    page.screenshot(path=str(SHOTS / "officer_list.png"), full_page=True)
    page.locator(f'tr[data-task="{task.pk}"] a').click()
    page.wait_for_selector("#status-form")
    page.select_option("#status-form select[name=status]", Status.DONE)
    page.fill("#status-form textarea[name=comment]", "Муниципальная дорожная карта утверждена приказом № 340.")
    page.fill("#status-form input[name=evidence_url]", "https://uo.example.ru/prikaz-340")
    page.click("#status-form button[type=submit]")
    page.wait_for_selector("text=Сохранено.")
    assert "Выполнено" in page.inner_text("#task-status")
    assert "приказом № 340" in page.inner_text("#history")
    page.screenshot(path=str(SHOTS / "officer_task.png"), full_page=True)
    task.refresh_from_db()
    assert task.status == Status.DONE

    context = browser.new_context(locale="ru-RU", timezone_id="Asia/Novokuznetsk", viewport={"width": 1400, "height": 900})
    regional = context.new_page()
    browser_login(regional, live_server.url, world.regional, path=reverse("roadmaps:item_detail", args=[item.pk]))
    regional.wait_for_selector("#item-municipalities")
    row = regional.locator(f'#item-municipalities tr[data-municipality="{world.home.municipality.pk}"]')
    assert "Выполнено" in row.inner_text()
    other = regional.locator(f'#item-municipalities tr[data-municipality="{world.away.municipality.pk}"]')
    assert "Не начато" in other.inner_text()
    assert "выполнили 1 из 2" in regional.inner_text("main")
    regional.screenshot(path=str(SHOTS / "regional_item.png"), full_page=True)
    row.locator("a").click()
    regional.wait_for_selector("#history")
    assert "приказом № 340" in regional.inner_text("#history")
    assert regional.locator("#status-form").count() == 0  # the region reads only
    context.close()

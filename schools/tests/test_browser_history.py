"""Real browser: an officer changes a school's website in the admin and reads who did it on the «История» page;
the administrator adds a school head with one form and finds the grant in the role history."""
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import world_for_admin
from tests.browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/history")


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_officer_changes_a_website_and_reads_the_history(live_server, world, browser_page):
    world = world_for_admin(world)  # officers' admin permissions
    page, base, school = browser_page, live_server.url, world.home.school
    officer = world.home.officer
    officer.first_name, officer.last_name = "Ольга", "Павловец"
    officer.save()
    browser_login(page, base, officer)
    page.goto(base + reverse("admin:schools_school_change", args=[school.pk]))
    page.fill("input[name=website]", "https://ursk-school.example.ru")
    page.click("input[name=_save]")
    page.wait_for_selector("text=был успешно изменен")
    page.goto(base + reverse("admin:schools_school_change", args=[school.pk]))
    page.locator("a.historylink").click()
    page.wait_for_selector("#change-history")
    _shot(page, "school_history.png")
    row = page.locator("#change-history tbody tr").first
    assert "Ольга Павловец" in row.inner_text()
    assert "Сайт: — → https://ursk-school.example.ru" in row.inner_text()


def test_admin_adds_a_school_head_with_one_form(live_server, world, browser_page):
    page, base = browser_page, live_server.url
    browser_login(page, base, world.admin)
    page.goto(base + reverse("admin:auth_user_changelist"))
    page.get_by_role("link", name="Добавить руководителя ОО").click()
    page.fill("input[name=last_name]", "Урская")
    page.fill("input[name=first_name]", "Мария")
    page.fill("input[name=middle_name]", "Ивановна")
    page.fill("input[name=username]", "urskaya")
    page.fill("input[name=password1]", "Урская-Школа-2022")
    page.fill("input[name=password2]", "Урская-Школа-2022")
    page.locator(".select2-selection").click()  # the school is found by search, not picked from a list
    page.locator(".select2-search__field").fill(world.home.school.short_name[-5:])
    page.locator(".select2-results__option", has_text=world.home.school.short_name).click()
    _shot(page, "add_school_head_form.png")
    page.click("input[name=_save]")
    page.wait_for_selector("text=Руководитель ОО «Мария Ивановна Урская» (urskaya) добавлен")
    page.goto(base + reverse("admin:schools_historicaluserprofile_changelist"))
    _shot(page, "role_history.png")
    first = page.locator("#result_list tbody tr").first.inner_text()
    assert "Мария Ивановна Урская" in first and "роль выдана" in first and "Руководитель ОО" in first
    page.goto(base + reverse("admin:index"))
    _shot(page, "admin_index.png")

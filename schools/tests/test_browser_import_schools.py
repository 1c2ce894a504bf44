"""Browser: an officer uploads a schools workbook, reads every row's fate, confirms; the new school exists."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from schools.models import School
from tests.imports import browser_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_imports_schools(live_server, world, browser_page, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Муниципалитет", "Полное наименование", "Краткое наименование", "Руководитель"])
    home = world.home.municipality.short_name
    workbook.active.append([home, "Муниципальное бюджетное общеобразовательное учреждение «Новая СОШ»",
                            "МБОУ «Новая СОШ»", "Петрова А. А."])
    workbook.active.append([home, world.home.school.full_name, world.home.school.short_name, ""])
    path = tmp_path / "школы.xlsx"
    workbook.save(path)
    page = browser_page
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", world.home.officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Загрузка школ")
    page.set_input_files("input[name=file]", str(path))
    page.click("#schools-upload button[type=submit]")
    browser_worker(page, "#import-rows")
    assert page.locator('#import-rows tr[data-action="created"]').count() == 1
    assert page.locator('#import-rows tr[data-action="unchanged"]').count() == 1
    page.screenshot(path=str(page.screenshot_dir / "schools_import_preview.png"), full_page=True)
    page.click("#import-confirm")
    browser_worker(page, "text=Школы загружены: создано 1")
    assert School.objects.filter(short_name="МБОУ «Новая СОШ»", head_name="Петрова А. А.").exists()

"""Browser: an officer uploads a schools workbook, reads every row's fate, confirms; the new school exists."""

import io

import openpyxl
import pytest

from tests.browser import browser_login, browser_upload
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
    browser_login(page, live_server.url, world.home.officer)
    page.click("text=Загрузка школ")
    browser_upload(page, "#schools-upload", path)
    browser_worker(page, "#import-rows")
    assert page.locator('#import-rows tr[data-action="created"]').count() == 1
    assert page.locator('#import-rows tr[data-action="unchanged"]').count() == 1
    page.screenshot(path=str(page.screenshot_dir / "schools_import_preview.png"), full_page=True)
    page.click("#import-confirm")
    browser_worker(page, "text=Школы загружены: создано 1")
    assert School.objects.filter(short_name="МБОУ «Новая СОШ»", head_name="Петрова А. А.").exists()

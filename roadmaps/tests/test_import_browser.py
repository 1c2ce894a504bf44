"""Real-browser journey: an officer uploads a seed order, reads the preview with its warnings, confirms and
lands on the new roadmap, then downloads it as Excel."""
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.browser import browser_login, browser_upload
from roadmaps.models import Roadmap
from roadmaps.tests.test_import_web import SEED, import_urls  # noqa: F401 (fixture)
from tests.imports import browser_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_imports_seed_order_in_browser(live_server, world, browser_page):
    page = browser_page
    browser_login(page, live_server.url, world.home.officer, reverse("roadmaps:order_import"))
    browser_upload(page, "#order-upload", SEED)
    browser_worker(page, "#import-roadmap")
    assert "Срок «Апрель 2022 г.» раньше даты приказа (25.07.2022)" in page.inner_text("#import-warnings")
    assert page.locator("#import-roadmap tbody tr").count() == 10
    assert "Павловец О. М." in page.inner_text("#import-order")
    page.screenshot(path=str(page.screenshot_dir / "order_import_preview.png"), full_page=True)

    page.click("#import-confirm")
    browser_worker(page, "#import-result")
    assert "Загружено: дорожная карта" in page.inner_text("#import-result")
    page.click("#import-result-link")
    page.wait_for_selector("text=Скачать в Excel")
    roadmap = Roadmap.objects.get(order__number="340")
    assert page.url.endswith(reverse("roadmaps:roadmap_detail", args=[roadmap.pk]))
    assert roadmap.municipality == world.home.municipality and roadmap.items.count() == 10

    with page.expect_download() as download:
        page.goto(live_server.url + reverse("roadmaps:roadmap_detail", args=[roadmap.pk]))
        page.click("text=Скачать в Excel")
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    assert sheet["A1"].value == roadmap.title and sheet["A4"].value == "1"


def test_officer_maps_unknown_columns_in_browser(live_server, world, browser_page, tmp_path, settings):
    """A table with headers the importer does not know: the officer says which column is which, reads the
    preview, confirms and sees the items on the new roadmap."""
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "план.txt"
    source.write_text("План работы на 2022-2023 учебный год\n\nЧто делаем\tКогда\tКто\tЗаметки\n"
                      "Семинар для директоров\tоктябрь 2022 г.\tКОиН\tв актовом зале\n"
                      "Мониторинг сайтов ОО\tноябрь 2022 г.\tРуководители ОО\t\n", encoding="utf-8")
    page = browser_page
    browser_login(page, live_server.url, world.home.officer, reverse("roadmaps:order_import"))
    browser_upload(page, "#order-upload", source)
    browser_worker(page, "#import-columns")
    assert "Что делаем" in page.inner_text("#import-columns") and "Семинар для директоров" in page.inner_text(
        "#import-columns")
    page.select_option("select[name=column_0]", "activity")
    page.select_option("select[name=column_1]", "activity")  # a slip first: one role twice
    page.click("#columns-confirm")
    page.wait_for_selector("#columns-errors")
    assert "выбран для двух столбцов" in page.inner_text("#columns-errors")
    page.select_option("select[name=column_1]", "deadline")
    page.select_option("select[name=column_2]", "responsible")
    page.select_option("select[name=column_3]", "")
    page.screenshot(path=str(page.screenshot_dir / "order_import_columns.png"), full_page=True)
    page.click("#columns-confirm")

    browser_worker(page, "#import-roadmap")
    assert "Столбцы указаны вручную" in page.inner_text("#import-mapped-columns")
    assert page.locator("#import-roadmap tbody tr").count() == 2
    assert "01.10.2022 – 31.10.2022" in page.inner_text("#import-roadmap")
    page.click("#import-confirm")
    browser_worker(page, "#import-result")
    page.click("#import-result-link")
    page.wait_for_selector("text=Скачать в Excel")
    roadmap = Roadmap.objects.get(title="План работы на 2022-2023 учебный год")
    assert page.url.endswith(reverse("roadmaps:roadmap_detail", args=[roadmap.pk]))
    assert "Семинар для директоров" in page.content() and "Мониторинг сайтов ОО" in page.content()
    assert [i.activity for i in roadmap.items.order_by("position")] == ["Семинар для директоров",
                                                                        "Мониторинг сайтов ОО"]
    page.screenshot(path=str(page.screenshot_dir / "order_import_columns_done.png"), full_page=True)

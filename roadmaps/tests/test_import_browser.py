"""Real-browser journey: an officer uploads a seed order, reads the preview with its warnings, confirms and
lands on the new roadmap, then downloads it as Excel."""
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from roadmaps.models import Roadmap
from roadmaps.tests.test_import_web import SEED, import_urls  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_imports_seed_order_in_browser(live_server, world, browser_page):
    page = browser_page
    page.goto(live_server.url + reverse("roadmaps:order_import"))
    page.fill("input[name=username]", world.home.officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#order-upload")

    page.set_input_files("input[name=file]", str(SEED))
    page.click("#order-upload button[type=submit]")
    page.wait_for_selector("#import-roadmap")
    assert "Срок «Апрель 2022 г.» раньше даты приказа (25.07.2022)" in page.inner_text("#import-warnings")
    assert page.locator("#import-roadmap tbody tr").count() == 10
    assert "Павловец О. М." in page.inner_text("#import-order")
    page.screenshot(path=str(page.screenshot_dir / "order_import_preview.png"), full_page=True)

    page.click("#import-confirm")
    page.wait_for_selector("text=Загружено: дорожная карта")
    roadmap = Roadmap.objects.get(order__number="340")
    assert page.url.endswith(reverse("roadmaps:roadmap_detail", args=[roadmap.pk]))
    assert roadmap.municipality == world.home.municipality and roadmap.items.count() == 10

    with page.expect_download() as download:
        page.goto(live_server.url + reverse("roadmaps:roadmap_detail", args=[roadmap.pk]))
        page.click("text=Скачать в Excel")
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    assert sheet["A1"].value == roadmap.title and sheet["A4"].value == "1"

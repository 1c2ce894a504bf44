"""Print: the order, roadmap, compliance matrix and school page print on A4 landscape — no navigation or
filters, table headers repeated, nothing wider than the page."""

import re

import pytest
from django.urls import reverse

from monitoring.services import school_tasks_sync
from tests.factories import add_items, make_school
from tests.browser import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_LANDSCAPE = (842, 595)  # points, 297 × 210 mm


def _pages(world) -> dict[str, str]:
    return {
        "order": reverse("roadmaps:order_detail", args=[world.home.order.pk]),
        "roadmap": reverse("roadmaps:roadmap_detail", args=[world.home.roadmap.pk]),
        "matrix": reverse("monitoring:compliance_matrix") + f"?roadmap={world.home.roadmap.pk}",
        "school": reverse("monitoring:school_cabinet", args=[world.home.school.pk]),
    }


def test_pages_print_on_a4_landscape(live_server, world, browser_page, tmp_path):
    add_items(world.home.roadmap, 19, start_position=3)  # 22 items, 11 for all schools: several printed pages
    for _ in range(12):
        make_school(world.home.municipality)
    school_tasks_sync()
    page = browser_page
    browser_login(page, live_server.url, world.home.officer)
    for name, url in _pages(world).items():
        page.goto(live_server.url + url)
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['nav.navbar', 'footer', 'form', '.breadcrumb']
            .flatMap(s => [...document.querySelectorAll(s)]).every(e => getComputedStyle(e).display === 'none')""")
        assert hidden, f"{name}: navigation or filters print"
        assert page.evaluate("() => [...document.querySelectorAll('thead')].every("
                             "e => getComputedStyle(e).display === 'table-header-group')"), name
        pdf = page.pdf(path=str(tmp_path / f"{name}.pdf"), prefer_css_page_size=True, print_background=True)
        boxes = {tuple(round(float(v)) for v in box.decode().split()[2:4])
                 for box in re.findall(rb"/MediaBox\s*\[([\d.\s]+)\]", pdf)}
        assert boxes == {A4_LANDSCAPE}, (name, boxes)  # Chromium rounds to whole CSS pixels
        # Nothing wider than the printed page: at its content width (297 − 16 mm ≈ 1060 px) the widest table fits.
        page.set_viewport_size({"width": 1060, "height": 750})
        widths = page.evaluate("""() => ({page: document.documentElement.clientWidth,
            widest: Math.max(0, ...[...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right))})""")
        assert widths["widest"] <= widths["page"] + 1, (name, widths)
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1400, "height": 900})
    assert len(re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "roadmap.pdf").read_bytes())) >= 2

"""The top menu: each role's sections, the «Мониторинг» group folded into a dropdown for officers and specialists,
and — in Chromium at 1400 px — one line for every role."""
import pytest
from django.urls import reverse

from tests.browser import browser_login, open_section

pytestmark = pytest.mark.django_db

MONITORING_LINKS = ["Исполнение сроков", "Задачи от региона", "Проверка актов", "Мониторинг сайтов", "Процедуры и семинары",
                   "ВПР"]


def _menu(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.context["portal_nav"]


def _labels(menu):
    return [entry["label"] for entry in menu]


@pytest.mark.parametrize("role", ["municipal", "regional", "admin"])
def test_officers_see_monitoring_sections_in_one_group(client, world, role):
    menu = _menu(client, world.user(role))
    groups = [entry for entry in menu if entry.get("links")]
    assert [group["label"] for group in groups] == ["Мониторинг"]
    assert [link["label"] for link in groups[0]["links"]] == MONITORING_LINKS
    assert not set(MONITORING_LINKS) & set(_labels(menu)), "a monitoring section is also outside the group"


def test_school_head_keeps_a_flat_menu(client, world):
    menu = _menu(client, world.home.head)
    assert not any(entry.get("links") for entry in menu)
    assert _labels(menu) == ["Кабинет школы", "Локальные акты", "Процедуры и семинары", "ВПР"]


def test_current_section_is_marked_active(client, world):
    client.force_login(world.home.officer)
    html = client.get(reverse("monitoring:campaign_list")).content.decode()
    assert 'class="dropdown-item active" href="%s" aria-current="page"' % reverse("monitoring:campaign_list") in html
    assert 'class="nav-link dropdown-toggle active"' in html


@pytest.mark.browser
@pytest.mark.parametrize("role", ["municipal", "regional", "admin", "school_head"])
def test_menu_fits_one_line_at_1400px_and_opens(live_server, world, browser_page, role):
    page = browser_page
    browser_login(page, live_server.url, world.user(role))
    item_tops = page.eval_on_selector_all("#mainNav > ul.navbar-nav > li", "items => items.map(i => i.offsetTop)")
    assert len(set(item_tops)) == 1, f"the menu wraps: {item_tops}"
    brand, logout = page.locator(".navbar-brand").bounding_box(), page.locator("#mainNav button[type=submit]").bounding_box()
    assert abs((brand["y"] + brand["height"] / 2) - (logout["y"] + logout["height"] / 2)) < 12, "the user block wrapped"
    page.screenshot(path=str(page.screenshot_dir / f"nav_{role}.png"))
    open_section(page, "Процедуры и семинары")
    assert page.url.endswith(reverse("procedures:schedule_list"))

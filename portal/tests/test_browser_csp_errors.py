"""Real browser, policy on: the main pages raise no Content-Security-Policy violation and still look right
(progress bars keep their width without style=""); a missing page is a Russian 404 with a way back that works."""
import pytest
from django.urls import reverse

from tests.browser import browser_login
from roadmaps.models import RoadmapItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_violations(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


@pytest.mark.parametrize("role", ["municipal", "school_head", "regional"])
def test_main_pages_raise_no_csp_violation(live_server, world, browser_page, role):
    user = world.user(role)
    RoadmapItem.objects.filter(pk=world.home.item.pk).update(status="done")  # 1 of 3 done: a 33 % bar
    page = browser_page
    violations = _watch_violations(page)
    browser_login(page, live_server.url, user)
    urls = [reverse("dashboard"), reverse("roadmaps:roadmap_list"),
            reverse("roadmaps:roadmap_detail", args=[world.home.roadmap.pk]),
            reverse("roadmaps:item_detail", args=[world.home.item.pk]),
            reverse("roadmaps:order_detail", args=[world.home.order.pk])]
    if role != "school_head":
        urls += [reverse("monitoring:compliance_matrix"), reverse("monitoring:campaign_list"),
                 reverse("schools:review_queue")]
    if role == "regional":
        urls += [reverse("monitoring:municipalities"), reverse("monitoring:compliance_rates")]
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    page.goto(live_server.url + reverse("roadmaps:roadmap_list"))
    bar = page.locator(".progress-bar").first
    ratio = page.evaluate("b => b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width",
                          bar.element_handle())
    assert 0.30 < ratio < 0.36, f"the progress bar lost its width: {ratio:.2f} of the track"
    assert not violations, violations


def test_missing_page_is_russian_with_a_way_back(live_server, world, browser_page):
    page = browser_page
    browser_login(page, live_server.url, world.home.officer)
    came_from = live_server.url + reverse("roadmaps:roadmap_list")
    response = page.goto(live_server.url + reverse("roadmaps:item_detail", args=[world.away.item.pk]), referer=came_from)
    assert response.status == 404
    assert page.title().startswith("Страница не найдена")
    assert "вне вашей зоны доступа" in page.inner_text("main")
    page.screenshot(path=str(page.screenshot_dir / "error_404.png"), full_page=True)
    page.get_by_role("link", name="← Вернуться назад").click()
    page.wait_for_load_state()
    assert page.url == came_from
    page.goto(live_server.url + "/no/such/page/")
    page.get_by_role("link", name="На главную страницу портала").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + reverse("dashboard")

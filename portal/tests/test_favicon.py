"""The portal's own icon: every page names it (no /favicon.ico 404 in the browser's console), /favicon.ico leads to
it (the admin's pages, bookmarks), and it is a real icon among the portal's static files, no CDN."""
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.browser import browser_login


def test_favicon_ico_redirects_to_the_static_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]
    path = finders.find("img/favicon.ico")
    assert path and open(path, "rb").read(4) == b"\0\0\1\0"  # an ICO file


@pytest.mark.django_db
def test_every_page_names_the_icon(client, world):
    assert '<link rel="icon" href="/static/img/favicon.ico"' in client.get(reverse("login")).content.decode()
    client.force_login(world.home.officer)
    assert '<link rel="icon" href="/static/img/favicon.ico"' in client.get(reverse("dashboard")).content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_finds_the_icon_and_logs_no_404(live_server, world, browser_page):
    page, failures = browser_page, []
    page.on("console", lambda message: failures.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: (failures.append(f"{response.status} {response.url}")
                                          if response.status >= 400 else None))
    browser_login(page, live_server.url, world.home.officer)
    page.goto(live_server.url + reverse("dashboard"))
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/admin/")
    page.wait_for_load_state("networkidle")
    assert not failures, failures
    status, kind = page.evaluate("fetch('/favicon.ico').then(r => [r.status, r.headers.get('content-type')])")
    assert status == 200 and kind.startswith("image/")

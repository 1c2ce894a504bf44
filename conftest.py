"""Shared test fixtures: a small world of two municipalities with one user per role.

Objects are made through ``tests.factories`` factories so every test builds them one way.
"""
import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run inside one unless told this is fine (it is: tests are single-threaded).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for the test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached page blocks are keyed to data versions that start again in every test's database.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    from tests.factories import build_world

    return build_world()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright. Missing browser = failure, never a skip."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser, tmp_path_factory):
    from pathlib import Path

    context = browser.new_context(locale="ru-RU", timezone_id="Asia/Novokuznetsk", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    shots = Path(__file__).parent / "tmp" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot_dir = shots
    yield page
    context.close()

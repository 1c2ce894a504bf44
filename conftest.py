"""Shared test fixtures: a small world of two municipalities with one user per role.

Objects are made through ``portal.testing`` factories so every test builds them one way.
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
def _no_axes_lockout_between_tests(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def world(db):
    from portal.testing import build_world

    return build_world()

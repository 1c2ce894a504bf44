"""Login, brute-force lock-out, CSRF and the production settings profile."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_login_page_is_russian_and_login_works(client, world):
    body = client.get(reverse("login")).content.decode()
    assert "Вход в портал" in body and "Пароль" in body
    response = client.post(reverse("login"), {"username": world.home.officer.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("dashboard")


def test_wrong_password_message_is_russian(client, world):
    response = client.post(reverse("login"), {"username": world.home.officer.username, "password": "неверный"})
    assert response.status_code == 200
    assert "правильные имя пользователя и пароль" in response.content.decode()


def test_brute_force_locks_out_even_the_right_password(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    username = world.home.officer.username
    for _ in range(3):
        client.post(reverse("login"), {"username": username, "password": "подбор"})
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_csrf_is_enforced(world):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.home.officer)
    response = strict.post(reverse("roadmaps:item_status", args=[world.home.item.pk]), {"status": "done", "version": 1})
    assert response.status_code == 403
    world.home.item.refresh_from_db()
    assert world.home.item.status == "not_started"


def test_dates_are_shown_dd_mm_yyyy_on_kemerovo_time(client, world):
    client.force_login(world.home.officer)
    body = client.get(reverse("roadmaps:order_detail", args=[world.home.order.pk])).content.decode()
    assert "от 25.07.2022" in body


def _check_deploy(extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_production_profile_passes_check_deploy():
    result = _check_deploy({"DJANGO_PROFILE": "production", "SECRET_KEY": "x" * 10 + "k3y-Th4t-is-l0ng-and-r4ndom-en0ugh-for-django-checks",
                            "ALLOWED_HOSTS": "vsoko.example.ru"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_profile_refuses_to_start_without_secret_key():
    result = _check_deploy({"DJANGO_PROFILE": "production", "SECRET_KEY": "", "ALLOWED_HOSTS": "vsoko.example.ru"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr

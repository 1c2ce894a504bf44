"""Every section and model name of the admin back office is Russian (third-party apps included)."""
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def test_every_admin_section_and_model_name_is_russian(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    apps = response.context["app_list"]
    assert len(apps) >= 6
    latin = [app["name"] for app in apps if not CYRILLIC.search(str(app["name"]))]
    latin += [f'{app["name"]} / {model["name"]}' for app in apps for model in app["models"]
              if not CYRILLIC.search(str(model["name"]))]
    assert latin == [], "admin labels without a Russian word"
    for app in apps:  # each section's own page (its title and breadcrumbs) too
        page = client.get(app["app_url"])
        assert page.status_code == 200
        assert CYRILLIC.search(str(page.context["title"])), app["app_label"]

"""The back office speaks Russian: every section and model name (third-party apps included), the item history
with status labels and names, and a new officer's account made in one form (person, login, role, scope)."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from schools.models import Role
from tests.factories import world_for_admin

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


def test_item_history_shows_labels_and_names(client, world):
    world_for_admin(world)
    officer = world.home.officer
    officer.first_name, officer.last_name = "Ольга Михайловна", "Павловец"
    officer.save()
    client.force_login(world.admin)
    html = client.get(reverse("admin:roadmaps_roadmapitem_change", args=[world.home.item.pk])).content.decode()
    assert "Не начато" in html and "В работе" in html and "Ольга Михайловна Павловец" in html
    assert "not_started" not in html.split('id="events-group"')[1]
    listing = client.get(reverse("admin:roadmaps_itemevent_changelist")).content.decode()
    assert "Ольга Михайловна Павловец" in listing and ">in_progress<" not in listing


def test_officer_account_in_one_form(client, world):
    client.force_login(world.admin)
    add_url = reverse("admin:auth_user_add")
    page = client.get(add_url).content.decode()
    for field in ("last_name", "first_name", "username", "password1", "role", "region", "municipality"):
        assert f'name="{field}"' in page
    # A school head has its own form (with the official the orders name): this one does not offer the role.
    assert f'value="{Role.SCHOOL_HEAD}"' not in page
    response = client.post(add_url, {
        "last_name": "Руглова", "first_name": "Наталья Александровна", "email": "urskaya@example.ru",
        "username": "ruglova", "usable_password": "true", "password1": "Ур-2022-секрет!", "password2": "Ур-2022-секрет!",
        "role": Role.MUNICIPAL, "municipality": world.home.municipality.pk, "region": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    user = get_user_model().objects.get(username="ruglova")
    assert (user.last_name, user.profile.role, user.profile.municipality_id) == (
        "Руглова", Role.MUNICIPAL, world.home.municipality.pk)
    assert user.check_password("Ур-2022-секрет!") and user.is_staff


def test_officer_without_municipality_is_refused_in_russian(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("admin:auth_user_add"), {
        "last_name": "Руглова", "first_name": "Н. А.", "username": "ruglova2", "usable_password": "true",
        "password1": "Ур-2022-секрет!", "password2": "Ур-2022-секрет!", "role": Role.MUNICIPAL,
    })
    assert response.status_code == 200 and "Выберите муниципалитет специалиста." in response.content.decode()
    assert not get_user_model().objects.filter(username="ruglova2").exists()

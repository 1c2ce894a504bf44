"""The back office speaks Russian: every section title, the item history with status labels and names, and
a new school head made in one form (person, login, role, school)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.testing import world_for_admin
from schools.models import Role

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def test_every_section_title_is_russian(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("admin:index"))
    titles = [app["name"] for app in response.context["app_list"]]
    models = [model["name"] for app in response.context["app_list"] for model in app["models"]]
    assert titles and all(not LATIN_WORD.search(str(t)) for t in titles), titles
    assert all(not LATIN_WORD.search(str(m)) for m in models), models


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


def test_school_head_in_one_form(client, world):
    client.force_login(world.admin)
    add_url = reverse("admin:auth_user_add")
    page = client.get(add_url).content.decode()
    for field in ("last_name", "first_name", "username", "password1", "role", "school"):
        assert f'name="{field}"' in page
    response = client.post(add_url, {
        "last_name": "Руглова", "first_name": "Наталья Александровна", "email": "urskaya@example.ru",
        "username": "ruglova", "usable_password": "true", "password1": "Ур-2022-секрет!", "password2": "Ур-2022-секрет!",
        "role": Role.SCHOOL_HEAD, "school": world.home.school.pk, "municipality": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    user = get_user_model().objects.get(username="ruglova")
    assert (user.last_name, user.profile.role, user.profile.school_id) == ("Руглова", Role.SCHOOL_HEAD, world.home.school.pk)
    assert user.check_password("Ур-2022-секрет!") and not user.is_staff


def test_head_without_school_is_refused_in_russian(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("admin:auth_user_add"), {
        "last_name": "Руглова", "first_name": "Н. А.", "username": "ruglova2", "usable_password": "true",
        "password1": "Ур-2022-секрет!", "password2": "Ур-2022-секрет!", "role": Role.SCHOOL_HEAD,
    })
    assert response.status_code == 200 and "Выберите школу руководителя." in response.content.decode()
    assert not get_user_model().objects.filter(username="ruglova2").exists()

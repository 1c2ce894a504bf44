"""Writes made in the admin go through the services and leave their history."""
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import admin_form_data, world_for_admin
from roadmaps.models import ItemEvent

pytestmark = pytest.mark.django_db


def test_deadline_edited_in_the_admin_records_a_deadline_event(client, world):
    world_for_admin(world)
    item = world.home.item
    officer = world.home.officer
    client.force_login(officer)
    url = reverse("admin:roadmaps_roadmapitem_change", args=[item.pk])
    data = admin_form_data(client.get(url))
    data["deadline_start"], data["deadline_end"] = "01.09.2022", "30.09.2022"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert (item.deadline_start, item.deadline_end) == (date(2022, 9, 1), date(2022, 9, 30))
    event = item.events.get(kind=ItemEvent.Kind.DEADLINE)
    assert event.author == officer and event.to_value == "01.09.2022 – 30.09.2022"


def test_deadline_without_an_end_is_refused_on_its_field(client, world):
    world_for_admin(world)
    item = world.home.item
    client.force_login(world.home.officer)
    url = reverse("admin:roadmaps_roadmapitem_change", args=[item.pk])
    data = admin_form_data(client.get(url))
    data["deadline_start"], data["deadline_end"] = "01.09.2022", ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Укажите дату окончания периода." in response.context["adminform"].form.errors["deadline_end"]
    assert not item.events.filter(kind=ItemEvent.Kind.DEADLINE).exists()


def test_other_edits_in_the_admin_record_no_deadline_event(client, world):
    world_for_admin(world)
    item = world.home.item
    client.force_login(world.home.officer)
    url = reverse("admin:roadmaps_roadmapitem_change", args=[item.pk])
    data = admin_form_data(client.get(url))
    data["activity"] = "Новая формулировка"
    assert client.post(url, data).status_code == 302
    assert not item.events.filter(kind=ItemEvent.Kind.DEADLINE).exists()

"""Writes made in the admin go through the services and leave their history."""
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import admin_form_data, world_for_admin
from roadmaps.models import ItemEvent

pytestmark = pytest.mark.django_db


def _officer_saves_item(client, world, changes: dict):
    """The home officer sends the admin's change form of the home item with ``changes``."""
    world_for_admin(world)
    client.force_login(world.home.officer)
    url = reverse("admin:roadmaps_roadmapitem_change", args=[world.home.item.pk])
    data = admin_form_data(client.get(url))
    assert not world.home.item.events.filter(kind=ItemEvent.Kind.DEADLINE).exists()
    return client.post(url, {**data, **changes})


def test_deadline_edited_in_the_admin_records_a_deadline_event(client, world):
    item = world.home.item
    response = _officer_saves_item(client, world, {"deadline_start": "01.09.2022", "deadline_end": "30.09.2022"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert (item.deadline_start, item.deadline_end) == (date(2022, 9, 1), date(2022, 9, 30))
    event = item.events.get(kind=ItemEvent.Kind.DEADLINE)
    assert event.author == world.home.officer and event.to_value == "01.09.2022 – 30.09.2022"


def test_deadline_without_an_end_is_refused_on_its_field(client, world):
    response = _officer_saves_item(client, world, {"deadline_start": "01.09.2022", "deadline_end": ""})
    assert response.status_code == 200
    assert "Укажите дату окончания периода." in response.context["adminform"].form.errors["deadline_end"]
    assert not world.home.item.events.filter(kind=ItemEvent.Kind.DEADLINE).exists()


def test_other_edits_in_the_admin_record_no_deadline_event(client, world):
    assert _officer_saves_item(client, world, {"activity": "Новая формулировка"}).status_code == 302
    assert not world.home.item.events.filter(kind=ItemEvent.Kind.DEADLINE).exists()


def test_all_municipalities_is_refused_on_a_municipal_item(client, world):
    response = _officer_saves_item(client, world, {"all_municipalities": "on"})
    assert response.status_code == 200
    assert "только в региональном" in str(response.context["adminform"].form.errors["all_municipalities"])
    world.home.item.refresh_from_db()
    assert not world.home.item.all_municipalities


def test_all_municipalities_set_in_the_admin_gives_every_municipality_its_task(client, world):
    from monitoring.models import MunicipalityTask
    from tests.factories import make_regional_roadmap

    world_for_admin(world)
    item = make_regional_roadmap(world.home.municipality.region).items.get()
    item.all_municipalities = False
    item.save()
    client.force_login(world.admin)
    url = reverse("admin:roadmaps_roadmapitem_change", args=[item.pk])
    response = client.post(url, {**admin_form_data(client.get(url)), "all_municipalities": "on"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(MunicipalityTask.objects.filter(item=item).values_list("municipality_id", flat=True)) == {
        world.home.municipality.pk, world.away.municipality.pk}

"""The item history in the admin reads as people speak: status labels and the author's name, not codes and logins."""
import pytest
from django.urls import reverse

from tests.factories import world_for_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    world = world_for_admin(world)
    world.home.officer.first_name, world.home.officer.last_name = "Ольга", "Павловец"
    world.home.officer.save()
    return world


@pytest.mark.parametrize("page", ["item", "event", "events"])
def test_item_history_shows_labels_and_names(client, staff, page):
    client.force_login(staff.admin)
    url = {
        "item": reverse("admin:roadmaps_roadmapitem_change", args=[staff.home.item.pk]),
        "event": reverse("admin:roadmaps_itemevent_change", args=[staff.home.event.pk]),
        "events": reverse("admin:roadmaps_itemevent_changelist"),
    }[page]
    html = client.get(url).content.decode()
    assert "not_started" not in html and "in_progress" not in html
    assert "Ольга Павловец" in html
    assert staff.home.event.from_label in html and staff.home.event.to_label in html
    assert ">officer_home<" not in html


def test_event_str_uses_labels(staff):
    assert str(staff.home.event) == f"Изменение статуса: {staff.home.event.from_label} → {staff.home.event.to_label}"
    assert "not_started" not in str(staff.home.event)

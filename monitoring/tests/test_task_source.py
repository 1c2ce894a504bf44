"""Every task names its source in full: the order's number and date and the item / clause number."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import SchoolTask
from monitoring.models.tasks import task_source_label
from monitoring.services import school_tasks_sync
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"item_number": "5", "clause_number": None, "order_number": "340", "order_date": date(2022, 7, 25)},
         "п. 5 дорожной карты к приказу № 340 от 25.07.2022"),
        ({"item_number": "5", "clause_number": None}, "п. 5 дорожной карты"),
        ({"item_number": None, "clause_number": "3", "order_number": "800", "order_date": date(2022, 7, 15)},
         "п. 3 приказа № 800 от 15.07.2022"),
        ({"item_number": None, "clause_number": "3"}, "п. 3 приказа"),
    ],
)
def test_source_label(kwargs, expected):
    assert task_source_label(**kwargs) == expected


@pytest.fixture
def two_orders(world):
    """A second roadmap of the same year in the home municipality: its tasks must not read the same."""
    second = make_roadmap(world.home.municipality, items=1)
    school_tasks_sync()
    return world, second


def test_two_orders_of_one_year_are_told_apart_in_the_cabinet(client, two_orders):
    world, second = two_orders
    client.force_login(world.home.head)
    html = client.get(reverse("monitoring:cabinet")).content.decode()
    first_order, second_order = world.home.order, second.order
    assert f"п. 1 дорожной карты к приказу № {first_order.number} от 25.07.2022" in html
    assert f"п. 1 дорожной карты к приказу № {second_order.number} от 25.07.2022" in html


def test_task_page_and_breadcrumb_name_the_order(client, two_orders):
    world, second = two_orders
    task = SchoolTask.objects.get(school=world.home.school, item__roadmap=second)
    client.force_login(world.home.head)
    html = client.get(reverse("monitoring:task_detail", args=[task.pk])).content.decode()
    assert html.count(f"к приказу № {second.order.number} от 25.07.2022") >= 2  # breadcrumb, source line, basis


def test_matrix_roadmap_choices_name_the_order(client, two_orders):
    world, second = two_orders
    client.force_login(world.home.officer)
    html = client.get(reverse("monitoring:compliance_matrix"), {"roadmap": second.pk}).content.decode()
    assert f"(приказ № {second.order.number} от 25.07.2022)" in html  # the chosen roadmap, in the picker
    assert 'id="matrix-source"' in html
    # The picker offers both roadmaps of the year, each named by its order.
    found = client.get(reverse("roadmaps:roadmap_picker"), {"q": world.home.municipality.short_name}).json()
    labels = [row["label"] for row in found["results"]]
    assert any(f"(приказ № {second.order.number} от 25.07.2022)" in label for label in labels), labels
    assert any(f"(приказ № {world.home.order.number} от 25.07.2022)" in label for label in labels), labels


def test_reminder_names_the_order(two_orders, mailoutbox):
    from monitoring.services.reminders import reminders_send

    world, second = two_orders
    world.home.school.email = "school@example.ru"
    world.home.school.save()
    reminders_send(today=date(2022, 11, 15))
    bodies = "\n".join(m.body for m in mailoutbox)
    assert f"п. 1 дорожной карты к приказу № {second.order.number} от 25.07.2022" in bodies

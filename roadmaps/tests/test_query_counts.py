"""Pages issue the same number of queries whatever the roadmap size."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import add_items
from roadmaps.services import item_set_status
from roadmaps.status import Status

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _grow(world, total: int) -> None:
    roadmap = world.home.roadmap
    have = roadmap.items.count()
    official = world.home.item.responsible_officials.first()
    organization = world.home.item.responsible_organizations.first()
    made = add_items(roadmap, total - have, official=official, organization=organization, start_position=have)
    for item in made[:5]:  # some history on other items must not change the item page either
        item_set_status(item=item, user=world.home.officer, status=Status.IN_PROGRESS, expected_version=1)


PAGES = {
    "dashboard": lambda w: reverse("dashboard"),
    "roadmap_list": lambda w: reverse("roadmaps:roadmap_list"),
    "roadmap_detail": lambda w: reverse("roadmaps:roadmap_detail", args=[w.home.roadmap.pk]),
    "roadmap_filtered": lambda w: reverse("roadmaps:roadmap_detail", args=[w.home.roadmap.pk]) + "?status=in_progress&overdue=on",
    "order_detail": lambda w: reverse("roadmaps:order_detail", args=[w.home.order.pk]),
    "item_detail": lambda w: reverse("roadmaps:item_detail", args=[w.home.item.pk]),
}


# For the municipal officer (the administrator's pages take one fewer). The roadmap and item pages read their items,
# progress, filter choices and the user's rights in combined queries (15 and 12 for the officer on the national bench
# before, 8 and 9 now). Here the rollups are not current (no clock row), so an item's schools are counted: three
# queries (the rollups, their date, the count) where the national bench takes one.
MAX_QUERIES = {"dashboard": 20, "roadmap_list": 7, "roadmap_detail": 10, "roadmap_filtered": 11, "order_detail": 12,
               "item_detail": 11}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ["municipal", "admin"])
def test_same_queries_with_10_and_200_items(client, world, page, role):
    client.force_login(world.user(role))
    _grow(world, 10)
    small = _queries(client, PAGES[page](world))
    _grow(world, 200)
    assert world.home.roadmap.items.count() == 200
    large = _queries(client, PAGES[page](world))
    assert large == small, f"{page}: {small} queries with 10 items, {large} with 200"
    assert small <= MAX_QUERIES[page], f"{page}: {small} queries"

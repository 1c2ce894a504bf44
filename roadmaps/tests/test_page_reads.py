"""The roadmap and item pages' combined reads give what the separate ones gave."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.clock import local_today
from monitoring.procedures.models import Observation, ProfessionalEvent
from roadmaps import selectors
from roadmaps.models import RoadmapItem
from roadmaps.selectors import ItemFilters
from roadmaps.status import Status
from tests.factories import add_items

pytestmark = pytest.mark.django_db


def test_progress_counted_from_the_items_equals_the_aggregate(world):
    roadmap = world.home.roadmap
    today = local_today()
    add_items(roadmap, 9, start_position=3)
    items = list(roadmap.items.order_by("position"))
    plan = [  # (status, deadline end): overdue, due soon, closed, open without a date, …
        (Status.NOT_STARTED, today - timedelta(days=3)), (Status.IN_PROGRESS, today + timedelta(days=5)),
        (Status.DONE, today - timedelta(days=40)), (Status.CANCELLED, today - timedelta(days=1)),
        (Status.POSTPONED, today + timedelta(days=30)), (Status.IN_PROGRESS, today + timedelta(days=31)),
        (Status.NOT_STARTED, None), (Status.DONE, today + timedelta(days=2)), (Status.IN_PROGRESS, today),
        (Status.NOT_STARTED, today - timedelta(days=1)),
    ]
    for item, (status, end) in zip(items, plan):
        RoadmapItem.objects.filter(pk=item.pk).update(status=status, deadline_end=end)
    counted = selectors.progress_of(selectors.roadmap_all_items(roadmap, today=today))
    listed = selectors.roadmaps_with_progress(world.admin, today=today)
    aggregate = next(r.progress for r in listed if r.pk == roadmap.pk)
    assert counted == aggregate
    assert counted.overdue == 4 and counted.due_soon == 3 and counted.total == 12  # 2 old items are overdue too


def test_items_shown_reads_again_only_with_a_filter(world, django_assert_num_queries):
    roadmap = world.home.roadmap
    all_items = selectors.roadmap_all_items(roadmap)
    with django_assert_num_queries(0):
        assert selectors.items_shown(roadmap, ItemFilters(), all_items) is all_items
    with django_assert_num_queries(1):
        shown = selectors.items_shown(roadmap, ItemFilters(responsible="schools"), all_items)
    assert [i.pk for i in shown] == [i.pk for i in all_items if i.all_schools]


def test_responsible_choices_officials_then_organizations(world, django_assert_num_queries):
    roadmap = world.home.roadmap
    official = world.home.item.responsible_officials.get()
    organization = world.home.item.responsible_organizations.get()
    with django_assert_num_queries(1):
        choices = selectors.responsible_choices(roadmap, all_schools=False)
    assert choices == [(f"official:{official.pk}", official.short_name),
                       (f"organization:{organization.pk}", organization.short_name)]
    assert selectors.responsible_choices(roadmap)[-1] == ("schools", "Руководители ОО (все школы)")


def test_item_page_links_participation_only_when_cited(client, world):
    item = world.home.item
    client.force_login(world.home.officer)
    url = reverse("roadmaps:item_detail", args=[item.pk])
    assert "item-coverage-link" not in client.get(url).content.decode()
    event = ProfessionalEvent.objects.create(municipality=world.home.municipality, kind="seminar", title="Семинар",
                                             date_start=date(2022, 10, 5), created_by=world.home.officer)
    event.items.add(item)
    assert "item-coverage-link" in client.get(url).content.decode()
    assert selectors.item_page_flags(world.home.officer, item) == (True, True)
    assert selectors.item_page_flags(world.regional, item) == (False, True)
    event.items.clear()
    Observation.objects.create(school=world.home.school, item=item, date=date(2022, 10, 6), observers="Иванов",
                               created_by=world.home.officer)
    assert "item-coverage-link" in client.get(url).content.decode()


@pytest.mark.parametrize("role, changes", [("municipal", True), ("admin", True), ("regional", False),
                                           ("school_head", False)])
def test_item_page_offers_changes_by_the_access_rule(client, world, role, changes):
    client.force_login(world.user(role))
    html = client.get(reverse("roadmaps:item_detail", args=[world.home.item.pk])).content.decode()
    assert ('id="status-form"' in html) is changes
    assert selectors.can_change_item(world.user(role), world.home.item) is changes
    assert selectors.item_page_flags(world.user(role), world.home.item) == (changes, False)


def test_item_page_history_costs_no_query_per_event(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roadmaps.services import item_set_status

    item, officer = world.home.item, world.home.officer
    client.force_login(officer)
    url = reverse("roadmaps:item_detail", args=[item.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        return len(ctx), html

    before, _ = queries()
    for version, status in enumerate((Status.IN_PROGRESS, Status.POSTPONED, Status.IN_PROGRESS), start=1):
        item_set_status(item=item, user=officer, status=status, expected_version=version, comment=f"шаг {version}")
    after, html = queries()
    assert after == before and html.count("history-item") == 3


def test_order_page_lists_its_roadmaps_items_as_the_roadmap_page(client, world):
    client.force_login(world.home.officer)
    order_html = client.get(reverse("roadmaps:order_detail", args=[world.home.order.pk])).content.decode()
    roadmap_html = client.get(reverse("roadmaps:roadmap_detail", args=[world.home.roadmap.pk])).content.decode()
    rows = [row for row in roadmap_html.split("<tr") if "data-item=" in row]
    assert len(rows) == world.home.roadmap.items.count() == 3
    for row in rows:
        assert row.split("</tr>")[0] in order_html


def test_item_page_warns_of_a_period_before_the_order(client, world):
    item = world.home.item
    client.force_login(world.home.officer)
    url = reverse("roadmaps:item_detail", args=[item.pk])
    assert "раньше даты приказа" not in client.get(url).content.decode()
    RoadmapItem.objects.filter(pk=item.pk).update(deadline_text="Апрель 2022 г.", deadline_start=date(2022, 4, 1),
                                                  deadline_end=date(2022, 4, 30))
    assert "Срок «Апрель 2022 г.» раньше даты приказа (25.07.2022)" in client.get(url).content.decode()
    world.home.roadmap.__class__.objects.filter(pk=world.home.roadmap.pk).update(order=None)  # no order: no warning
    response = client.get(url)
    assert response.status_code == 200 and "раньше даты приказа" not in response.content.decode()

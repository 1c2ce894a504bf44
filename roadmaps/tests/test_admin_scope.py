"""The admin back office for orders, roadmaps, items and history: role × object in/out of scope × page × method."""
import pytest
from django.urls import reverse

from tests.factories import world_for_admin
from tests.admin_scope import AdminScope
from roadmaps.models import ItemEvent, Order, RoadmapItem

pytestmark = pytest.mark.django_db

# model name -> attribute of a world side holding an object of it
OBJECTS = {
    "order": "order", "orderclause": "clause", "ordercitation": "citation",
    "roadmap": "roadmap", "roadmapitem": "item", "itemevent": "event",
}
READ_ONLY_FOR_ALL = {"itemevent"}  # history: written by services only

SCOPE = AdminScope("roadmaps", OBJECTS, read_only=frozenset(READ_ONLY_FOR_ALL))


@pytest.fixture
def staff(world):
    return world_for_admin(world)


test_change_page_get, test_change_page_post, test_changelist_is_scoped = SCOPE.tests()



SEARCHES = [
    ("order", lambda side: side.order.number),
    ("roadmapitem", lambda side: side.item.activity),
    ("orderclause", lambda side: side.clause.text),
    ("itemevent", lambda side: "Начали"),
]


@pytest.mark.parametrize("model, term", SEARCHES, ids=[row[0] for row in SEARCHES])
def test_changelist_search(client, staff, model, term):
    SCOPE.check_search(client, staff, model, term)


def test_municipal_officer_edits_own_item_and_version_moves(client, staff):
    item = staff.home.item
    response = SCOPE.post_change(client, staff, "roadmapitem", item, staff.home.officer,
                                 {"activity": "Уточнённое мероприятие"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.activity == "Уточнённое мероприятие" and item.version == 2
    assert item.status == "not_started"  # status is read-only here: it changes on the item page, with history


def test_municipal_officer_cannot_move_a_roadmap_to_another_municipality(client, staff):
    roadmap = staff.home.roadmap
    response = SCOPE.post_change(client, staff, "roadmap", roadmap, staff.home.officer,
                                 {"municipality": str(staff.away.municipality.pk)})
    assert response.status_code == 200 and "municipality" in response.context["adminform"].form.errors
    roadmap.refresh_from_db()
    assert roadmap.municipality == staff.home.municipality


def test_municipal_officer_cannot_add_a_regional_order(client, staff):
    client.force_login(staff.home.officer)
    before = Order.objects.count()
    response = client.post(reverse("admin:roadmaps_order_add"), {
        "issuer": staff.home.organization.pk, "municipality": "", "number": "1", "date": "01.09.2022",
        "title": "Региональный приказ", "clauses-TOTAL_FORMS": "0", "clauses-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0",
    })
    assert response.status_code == 403
    assert Order.objects.count() == before


def test_municipal_officer_adds_an_order_of_own_municipality(client, staff):
    client.force_login(staff.home.officer)
    response = client.post(reverse("admin:roadmaps_order_add"), {
        "issuer": staff.home.organization.pk, "municipality": staff.home.municipality.pk, "number": "77",
        "date": "01.09.2022", "title": "О проведении мониторинга", "clauses-TOTAL_FORMS": "0",
        "clauses-INITIAL_FORMS": "0", "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    assert Order.objects.get(number="77").municipality == staff.home.municipality


def test_foreign_key_choices_are_scoped(client, staff):
    client.force_login(staff.home.officer)
    form = client.get(SCOPE.url("roadmapitem", staff.home.item)).context["adminform"].form
    assert set(form.fields["roadmap"].queryset) == {staff.home.roadmap}
    officials = set(form.fields["responsible_officials"].queryset)
    assert staff.home.official in officials and staff.away.official not in officials


@pytest.mark.parametrize("role", ["regional", "municipal"])
def test_officers_cannot_delete(client, staff, role):
    client.force_login(staff.user(role))
    response = client.post(reverse("admin:roadmaps_roadmapitem_delete", args=[staff.home.item.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert RoadmapItem.objects.filter(pk=staff.home.item.pk).exists()


def test_history_is_read_only_even_for_superuser(client, staff):
    client.force_login(staff.admin)
    response = client.get(SCOPE.url("roadmapitem", staff.home.item))
    inline = next(i for i in response.context["inline_admin_formsets"] if i.formset.model is ItemEvent)
    assert not inline.has_add_permission and not inline.has_change_permission and not inline.has_delete_permission
    assert "Начали" in response.content.decode()
    assert client.get(reverse("admin:roadmaps_itemevent_add")).status_code == 403


@pytest.mark.parametrize("role, expected", [("admin", 200), ("regional", 200), ("municipal", 200), ("school_head", 302)])
def test_admin_index(client, staff, role, expected):
    client.force_login(staff.user(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == expected
    if expected == 200:
        assert "Дорожные карты" in response.content.decode()

"""The admin back office for orders, roadmaps, items and history: role × object in/out of scope × page × method."""
import pytest
from django.urls import reverse

from tests.factories import admin_form_data, world_for_admin
from roadmaps.models import ItemEvent, Order, RoadmapItem

pytestmark = pytest.mark.django_db

ROLES = ["admin", "regional", "municipal", "school_head"]
# model name -> attribute of a world side holding an object of it
OBJECTS = {
    "order": "order", "orderclause": "clause", "ordercitation": "citation",
    "roadmap": "roadmap", "roadmapitem": "item", "itemevent": "event",
}
READ_ONLY_FOR_ALL = {"itemevent"}  # history: written by services only


@pytest.fixture
def staff(world):
    return world_for_admin(world)


def _url(model: str, obj=None) -> str:
    if obj is None:
        return reverse(f"admin:roadmaps_{model}_changelist")
    return reverse(f"admin:roadmaps_{model}_change", args=[obj.pk])


def expected_get(role: str, side: str) -> int:
    if role == "school_head":
        return 302  # not staff: the admin sends them to its login page
    if role == "municipal" and side == "away":
        return 302  # outside the queryset: «object does not exist», back to the index
    return 200


def expected_post(role: str, side: str, model: str) -> int:
    if role == "school_head":
        return 302
    if model in READ_ONLY_FOR_ALL or role == "regional":
        return 403
    return 302  # saved (back to the list), or for an out-of-scope object: «does not exist»


@pytest.mark.parametrize("model", sorted(OBJECTS))
@pytest.mark.parametrize("side", ["home", "away"])
@pytest.mark.parametrize("role", ROLES)
def test_change_page_get(client, staff, role, side, model):
    client.force_login(staff.user(role))
    response = client.get(_url(model, getattr(getattr(staff, side), OBJECTS[model])))
    assert response.status_code == expected_get(role, side)
    if response.status_code == 302:
        target = reverse("admin:login") if role == "school_head" else reverse("admin:index")
        assert response.url.startswith(target)


@pytest.mark.parametrize("model", sorted(OBJECTS))
@pytest.mark.parametrize("side", ["home", "away"])
@pytest.mark.parametrize("role", ROLES)
def test_change_page_post(client, staff, role, side, model):
    obj = getattr(getattr(staff, side), OBJECTS[model])
    client.force_login(staff.admin)
    data = admin_form_data(client.get(_url(model, obj))) if model not in READ_ONLY_FOR_ALL else {}
    client.force_login(staff.user(role))
    response = client.post(_url(model, obj), data)
    assert response.status_code == expected_post(role, side, model), getattr(response, "context", None) and [
        f.errors for f in [response.context.get("adminform") and response.context["adminform"].form] if f
    ]
    if response.status_code == 302 and role != "school_head":
        saved = role == "admin" or (role == "municipal" and side == "home")
        target = reverse(f"admin:roadmaps_{model}_changelist") if saved else reverse("admin:index")
        assert response.url.startswith(target)


@pytest.mark.parametrize("model", sorted(OBJECTS))
@pytest.mark.parametrize("role", ROLES)
def test_changelist_is_scoped(client, staff, role, model):
    client.force_login(staff.user(role))
    response = client.get(_url(model))
    if role == "school_head":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    home, away = (getattr(getattr(staff, side), OBJECTS[model]).pk for side in ("home", "away"))
    assert home in shown
    assert (away in shown) is (role != "municipal")


SEARCHES = [
    ("order", lambda side: side.order.number),
    ("roadmapitem", lambda side: side.item.activity),
    ("orderclause", lambda side: side.clause.text),
    ("itemevent", lambda side: "Начали"),
]


@pytest.mark.parametrize("model, term", SEARCHES, ids=[row[0] for row in SEARCHES])
def test_changelist_search(client, staff, model, term):
    client.force_login(staff.home.officer)
    found = {o.pk for o in client.get(_url(model), {"q": term(staff.home)}).context["cl"].result_list}
    assert getattr(staff.home, OBJECTS[model]).pk in found
    found_away = {o.pk for o in client.get(_url(model), {"q": term(staff.away)}).context["cl"].result_list}
    assert getattr(staff.away, OBJECTS[model]).pk not in found_away


def test_municipal_officer_edits_own_item_and_version_moves(client, staff):
    item = staff.home.item
    client.force_login(staff.admin)
    data = admin_form_data(client.get(_url("roadmapitem", item)))
    data["activity"] = "Уточнённое мероприятие"
    client.force_login(staff.home.officer)
    assert client.post(_url("roadmapitem", item), data).status_code == 302
    item.refresh_from_db()
    assert item.activity == "Уточнённое мероприятие" and item.version == 2
    assert item.status == "not_started"  # status is read-only here: it changes on the item page, with history


def test_municipal_officer_cannot_move_a_roadmap_to_another_municipality(client, staff):
    roadmap = staff.home.roadmap
    client.force_login(staff.admin)
    data = admin_form_data(client.get(_url("roadmap", roadmap)))
    data["municipality"] = str(staff.away.municipality.pk)
    client.force_login(staff.home.officer)
    response = client.post(_url("roadmap", roadmap), data)
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
    form = client.get(_url("roadmapitem", staff.home.item)).context["adminform"].form
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
    response = client.get(_url("roadmapitem", staff.home.item))
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

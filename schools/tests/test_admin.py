"""The admin back office for reference data: role × object in/out of scope × page × method."""
import pytest
from django.urls import reverse

from tests.factories import admin_form_data, world_for_admin
from schools.models import Official, Organization, School

pytestmark = pytest.mark.django_db

ROLES = ["admin", "regional", "municipal", "school_head"]
OBJECTS = {
    "municipality": "municipality", "organization": "organization", "school": "school",
    "official": "official", "userprofile": "profile",
}
ADMIN_ONLY = {"userprofile"}  # roles are granted by an administrator only
ADMIN_WRITES = {"municipality"}  # officers read it, only an administrator changes it


@pytest.fixture
def staff(world):
    return world_for_admin(world)


def _url(model: str, obj=None) -> str:
    if obj is None:
        return reverse(f"admin:schools_{model}_changelist")
    return reverse(f"admin:schools_{model}_change", args=[obj.pk])


def expected_get(role: str, side: str, model: str) -> int:
    if role == "school_head":
        return 302  # not staff: to the admin's login page
    if role == "admin":
        return 200
    if model in ADMIN_ONLY:
        return 403
    return 302 if role == "municipal" and side == "away" else 200


def expected_post(role: str, side: str, model: str) -> int:
    if role == "school_head":
        return 302
    if role == "admin":
        return 302
    if role == "regional" or model in ADMIN_ONLY | ADMIN_WRITES:
        return 403
    return 302


@pytest.mark.parametrize("model", sorted(OBJECTS))
@pytest.mark.parametrize("side", ["home", "away"])
@pytest.mark.parametrize("role", ROLES)
def test_change_page_get(client, staff, role, side, model):
    client.force_login(staff.user(role))
    response = client.get(_url(model, getattr(getattr(staff, side), OBJECTS[model])))
    assert response.status_code == expected_get(role, side, model)


@pytest.mark.parametrize("model", sorted(OBJECTS))
@pytest.mark.parametrize("side", ["home", "away"])
@pytest.mark.parametrize("role", ROLES)
def test_change_page_post(client, staff, role, side, model):
    obj = getattr(getattr(staff, side), OBJECTS[model])
    client.force_login(staff.admin)
    data = admin_form_data(client.get(_url(model, obj)))
    client.force_login(staff.user(role))
    response = client.post(_url(model, obj), data)
    assert response.status_code == expected_post(role, side, model)
    if response.status_code == 302 and role != "school_head":
        saved = role == "admin" or side == "home"
        target = reverse(f"admin:schools_{model}_changelist") if saved else reverse("admin:index")
        assert response.url.startswith(target)


@pytest.mark.parametrize("model", sorted(OBJECTS))
@pytest.mark.parametrize("role", ROLES)
def test_changelist_is_scoped(client, staff, role, model):
    client.force_login(staff.user(role))
    response = client.get(_url(model))
    if role == "school_head":
        assert response.status_code == 302
        return
    if model in ADMIN_ONLY and role != "admin":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    home, away = (getattr(getattr(staff, side), OBJECTS[model]).pk for side in ("home", "away"))
    assert home in shown
    assert (away in shown) is (role != "municipal")


@pytest.mark.parametrize("model, term", [
    ("school", lambda side: side.school.short_name),
    ("official", lambda side: side.official.surname),
    ("organization", lambda side: side.organization.short_name),
    ("municipality", lambda side: side.municipality.short_name),
])
def test_changelist_search(client, staff, model, term):
    client.force_login(staff.home.officer)
    found = {o.pk for o in client.get(_url(model), {"q": term(staff.home)}).context["cl"].result_list}
    assert getattr(staff.home, OBJECTS[model]).pk in found
    found_away = {o.pk for o in client.get(_url(model), {"q": term(staff.away)}).context["cl"].result_list}
    assert getattr(staff.away, OBJECTS[model]).pk not in found_away


def test_search_by_alias(client, staff):
    staff.home.organization.aliases = "Управления образования\nУО района"
    staff.home.organization.save()
    client.force_login(staff.regional)
    found = client.get(_url("organization"), {"q": "УО района"}).context["cl"].result_list
    assert list(found) == [staff.home.organization]


def test_regional_body_visible_to_municipal_officer_but_not_changeable(client, staff):
    ministry = Organization.objects.create(name="Министерство образования Кузбасса", short_name="Минобр",
                                           kind=Organization.Kind.MINISTRY)
    client.force_login(staff.admin)
    data = admin_form_data(client.get(_url("organization", ministry)))
    client.force_login(staff.home.officer)
    assert client.get(_url("organization", ministry)).status_code == 200
    data["name"] = "Переименовано"
    assert client.post(_url("organization", ministry), data).status_code == 403
    ministry.refresh_from_db()
    assert ministry.name == "Министерство образования Кузбасса"


def test_municipal_officer_adds_a_school_of_own_municipality_only(client, staff):
    client.force_login(staff.home.officer)
    form = {"full_name": "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 99»",
            "short_name": "МБОУ «СОШ № 99»", "is_active": "on"}
    response = client.post(reverse("admin:schools_school_add"), {**form, "municipality": staff.away.municipality.pk})
    assert response.status_code == 200 and "municipality" in response.context["adminform"].form.errors
    assert not School.objects.filter(short_name="МБОУ «СОШ № 99»").exists()
    response = client.post(reverse("admin:schools_school_add"), {**form, "municipality": staff.home.municipality.pk})
    assert response.status_code == 302
    assert School.objects.get(short_name="МБОУ «СОШ № 99»").municipality == staff.home.municipality


def test_municipal_officer_cannot_link_a_login_to_an_official(client, staff):
    client.force_login(staff.home.officer)
    response = client.get(_url("official", staff.home.official))
    assert "user" not in response.context["adminform"].form.fields
    data = admin_form_data(response)
    data["user"] = str(staff.home.officer.pk)
    assert client.post(_url("official", staff.home.official), data).status_code == 302
    assert Official.objects.get(pk=staff.home.official.pk).user is None


def test_municipal_officer_cannot_reach_users(client, staff):
    client.force_login(staff.home.officer)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_superuser_sees_role_inline_on_user(client, staff):
    client.force_login(staff.admin)
    response = client.get(reverse("admin:auth_user_change", args=[staff.home.officer.pk]))
    assert response.status_code == 200
    assert "роль в портале" in response.content.decode().lower()
    changelist = client.get(reverse("admin:auth_user_changelist"))
    assert "Специалист муниципального органа управления образованием" in changelist.content.decode()

"""The admin back office for reference data: role × object in/out of scope × page × method."""
import pytest
from django.urls import reverse

from tests.factories import admin_form_data, world_for_admin
from tests.admin_scope import AdminScope
from schools.models import Official, Organization, School

pytestmark = pytest.mark.django_db

OBJECTS = {
    "municipality": "municipality", "organization": "organization", "school": "school",
    "official": "official", "userprofile": "profile",
}
ADMIN_ONLY = {"userprofile"}  # roles are granted by an administrator only
ADMIN_WRITES = {"municipality"}  # officers read it, only an administrator changes it

SCOPE = AdminScope("schools", OBJECTS, admin_only=frozenset(ADMIN_ONLY), admin_writes=frozenset(ADMIN_WRITES))


@pytest.fixture
def staff(world):
    return world_for_admin(world)


test_change_page_get, test_change_page_post, test_changelist_is_scoped = SCOPE.tests()



@pytest.mark.parametrize("model, term", [
    ("school", lambda side: side.school.short_name),
    ("official", lambda side: side.official.surname),
    ("organization", lambda side: side.organization.short_name),
    ("municipality", lambda side: side.municipality.short_name),
])
def test_changelist_search(client, staff, model, term):
    SCOPE.check_search(client, staff, model, term)


def test_search_by_alias(client, staff):
    staff.home.organization.aliases = "Управления образования\nУО района"
    staff.home.organization.save()
    client.force_login(staff.regional)
    found = client.get(SCOPE.url("organization"), {"q": "УО района"}).context["cl"].result_list
    assert list(found) == [staff.home.organization]


def test_regional_body_visible_to_municipal_officer_but_not_changeable(client, staff):
    ministry = Organization.objects.create(name="Министерство образования Кузбасса", short_name="Минобр",
                                           kind=Organization.Kind.MINISTRY)
    client.force_login(staff.admin)
    data = admin_form_data(client.get(SCOPE.url("organization", ministry)))
    client.force_login(staff.home.officer)
    assert client.get(SCOPE.url("organization", ministry)).status_code == 200
    data["name"] = "Переименовано"
    assert client.post(SCOPE.url("organization", ministry), data).status_code == 403
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
    response = client.get(SCOPE.url("official", staff.home.official))
    assert "user" not in response.context["adminform"].form.fields
    data = admin_form_data(response)
    data["user"] = str(staff.home.officer.pk)
    assert client.post(SCOPE.url("official", staff.home.official), data).status_code == 302
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

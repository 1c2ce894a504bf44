"""The back office for local acts: kinds are edited by an administrator; acts and versions are read-only and scoped."""
import pytest
from django.contrib import admin
from django.urls import path, reverse

import schools.acts.admin  # noqa: F401 — registers the local-acts admin (schools/admin.py imports it too)
from tests.factories import make_act_version, world_for_admin
from portal.urls import urlpatterns as portal_urlpatterns
from schools.models import LocalActKind, LocalActVersion

# This module's own URLconf: the admin's URLs are built when first read, so they must include the
# local-acts models whatever the import order of the project's admin modules.
urlpatterns = [path("admin/", admin.site.urls),
               *[p for p in portal_urlpatterns if getattr(p, "app_name", None) != "admin"]]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def staff(world):
    world = world_for_admin(world)
    world.versions = {
        "home": make_act_version(world.home.school, user=world.home.head),
        "away": make_act_version(world.away.school, user=world.away.head),
    }
    return world


def test_models_are_registered():
    for model in (LocalActKind, schools.acts.admin.LocalAct, LocalActVersion):  # events: inline of a version
        assert admin.site.is_registered(model)


@pytest.mark.parametrize("role, expected", [("admin", 200), ("municipal", 200), ("regional", 200), ("school_head", 302)])
def test_version_list_is_scoped(client, staff, role, expected):
    client.force_login(staff.user(role))
    response = client.get(reverse("admin:schools_localactversion_changelist"))
    assert response.status_code == expected
    if expected == 200:
        body = response.content.decode()
        assert staff.home.school.short_name in body
        assert (staff.away.school.short_name in body) is (role != "municipal")


@pytest.mark.parametrize("role, side, expected", [
    ("admin", "away", 200), ("municipal", "home", 200), ("municipal", "away", 302), ("regional", "away", 200),
])
def test_version_page_is_read_only_and_scoped(client, staff, role, side, expected):
    client.force_login(staff.user(role))
    version = staff.versions[side]
    url = reverse("admin:schools_localactversion_change", args=[version.pk])
    response = client.get(url)
    assert response.status_code == expected  # out of scope: the admin redirects with «does not exist»
    if expected == 200:
        assert reverse("schools:act_version", args=[version.pk]) in response.content.decode()
        assert client.post(url, {"state": "accepted", "remarks": "x"}).status_code == 403
    version.refresh_from_db()
    assert version.state == "pending"


def test_nobody_adds_versions_here(client, staff):
    client.force_login(staff.admin)
    assert client.get(reverse("admin:schools_localactversion_add")).status_code == 403
    assert client.get(reverse("admin:schools_localact_add")).status_code == 403


def test_admin_adds_a_kind(client, staff):
    client.force_login(staff.admin)
    response = client.post(reverse("admin:schools_localactkind_add"), {
        "code": "perevod", "name": "Положение о порядке перевода обучающихся", "itemprop": "perevodDocLink",
        "ordering": 30, "is_active": "on",
    })
    assert response.status_code == 302
    assert LocalActKind.objects.get(code="perevod").itemprop == "perevodDocLink"


@pytest.mark.parametrize("role", ["municipal", "regional"])
def test_officers_read_kinds_but_do_not_change_them(client, staff, role):
    client.force_login(staff.user(role))
    kind = LocalActKind.objects.get(code="vsoko")
    assert client.get(reverse("admin:schools_localactkind_changelist")).status_code == 200
    assert client.get(reverse("admin:schools_localactkind_add")).status_code == 403
    url = reverse("admin:schools_localactkind_change", args=[kind.pk])
    client.post(url, {"code": "vsoko", "name": "Переименовано", "ordering": 1, "is_active": "on"})
    kind.refresh_from_db()
    assert kind.name == "Положение о ВСОКО"


def test_a_kind_in_use_keeps_its_code(client, staff):
    client.force_login(staff.admin)
    kind = LocalActKind.objects.get(code="vsoko")
    body = client.get(reverse("admin:schools_localactkind_change", args=[kind.pk])).content.decode()
    assert 'name="code"' not in body

"""A role granted in the admin («Профили пользователей») goes through the role service."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_user
from schools.models import Role
from schools.services import MUNICIPAL_GROUP

pytestmark = pytest.mark.django_db


def test_role_granted_in_the_profile_admin_makes_a_staff_officer(client, world):
    newcomer = get_user_model().objects.create_user(username="novyi", password="x")
    client.force_login(make_user("root", role=Role.ADMIN))
    response = client.post(reverse("admin:schools_userprofile_add"), {
        "user": newcomer.pk, "role": Role.MUNICIPAL, "municipality": world.home.municipality.pk,
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert list(newcomer.groups.values_list("name", flat=True)) == [MUNICIPAL_GROUP]
    assert newcomer.profile.municipality == world.home.municipality


def test_role_changed_to_school_head_drops_the_staff_flag(client, world):
    officer = world.home.officer
    client.force_login(make_user("root", role=Role.ADMIN))
    url = reverse("admin:schools_userprofile_change", args=[officer.profile.pk])
    response = client.post(url, {"user": officer.pk, "role": Role.SCHOOL_HEAD, "school": world.home.school.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    officer.refresh_from_db()
    assert not officer.is_staff and not officer.groups.exists()


def test_migrate_brings_the_officer_groups_up_to_the_permissions_the_code_lists(world):
    """An upgrade that lists new admin permissions for officers (e.g. the ВПР logins) reaches the existing
    officers at ``migrate``, without waiting for somebody's role to be granted."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    group = Group.objects.get(name=MUNICIPAL_GROUP)
    wanted = set(group.permissions.values_list("codename", flat=True))
    assert "change_schoollogin" in wanted
    world.home.officer.groups.add(group)
    group.permissions.clear()
    assert not world.home.officer.has_perm("vpr.change_schoollogin")
    call_command("migrate", verbosity=0)
    assert set(group.permissions.values_list("codename", flat=True)) == wanted
    officer = get_user_model().objects.get(pk=world.home.officer.pk)  # a fresh user: permissions are cached
    assert officer.has_perm("vpr.change_schoollogin")

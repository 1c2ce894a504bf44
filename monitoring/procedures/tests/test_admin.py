"""The back office shows these records read-only and only within scope."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_superuser_reads_read_only(client, world, schedules):
    client.force_login(world.admin)
    assert client.get(reverse("admin:procedures_schedule_changelist")).status_code == 200
    page = client.get(reverse("admin:procedures_schedule_change", args=[schedules.home.pk]))
    assert page.status_code == 200 and "Математика" in page.content.decode()
    assert client.get(reverse("admin:procedures_schedule_add")).status_code == 403


def test_an_account_without_an_officer_group_has_no_admin_pages_for_them(client, world, schedules):
    client.force_login(world.home.officer)
    assert client.get(reverse("admin:procedures_schedule_changelist")).status_code == 403
    assert client.get(reverse("admin:procedures_schedule_change", args=[schedules.away.pk])).status_code in (302, 403)


def test_officers_read_their_scope_read_only(client, world, schedules):
    """The officer groups read schedules, observations and events like the other service-written monitoring rows:
    their own municipality's (a region's: the region's), never to change, and without the administrator's history."""
    from tests.factories import world_for_admin

    world_for_admin(world)
    client.force_login(world.home.officer)
    listing = client.get(reverse("admin:procedures_schedule_changelist"))
    assert listing.status_code == 200
    assert {s.pk for s in listing.context["cl"].result_list} == {schedules.home.pk, schedules.sibling.pk}
    page = client.get(reverse("admin:procedures_schedule_change", args=[schedules.home.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert [i.opts.model._meta.model_name for i in page.context["inline_admin_formsets"]] == ["schedulebreach",
                                                                                               "procedure"]
    assert client.get(reverse("admin:procedures_schedule_change", args=[schedules.away.pk])).status_code == 302
    assert client.get(reverse("admin:procedures_schedule_add")).status_code == 403
    assert client.post(reverse("admin:procedures_schedule_change", args=[schedules.home.pk]), {}).status_code == 403
    for name in ("observation", "professionalevent"):
        assert client.get(reverse(f"admin:procedures_{name}_changelist")).status_code == 200
    client.force_login(world.regional)
    listing = client.get(reverse("admin:procedures_schedule_changelist"))
    assert {s.pk for s in listing.context["cl"].result_list} == {schedules.home.pk, schedules.sibling.pk,
                                                                 schedules.away.pk}


def test_admin_queryset_goes_through_the_selector(rf, world, schedules):
    from django.contrib.admin.sites import site

    from monitoring.procedures.models import Schedule

    request = rf.get("/")
    request.user = world.home.officer
    assert set(site._registry[Schedule].get_queryset(request)) == {schedules.home, schedules.sibling}

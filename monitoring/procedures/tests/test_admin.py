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


def test_officers_have_no_admin_pages_for_them(client, world, schedules):
    client.force_login(world.home.officer)
    assert client.get(reverse("admin:procedures_schedule_changelist")).status_code == 403
    assert client.get(reverse("admin:procedures_schedule_change", args=[schedules.away.pk])).status_code in (302, 403)


def test_admin_queryset_goes_through_the_selector(rf, world, schedules):
    from django.contrib.admin.sites import site

    from monitoring.procedures.models import Schedule

    request = rf.get("/")
    request.user = world.home.officer
    assert set(site._registry[Schedule].get_queryset(request)) == {schedules.home, schedules.sibling}

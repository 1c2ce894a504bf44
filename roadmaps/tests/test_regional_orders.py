"""The region level in roadmaps: a regional order (Кузбасс № 1621) imported into its region (command and web),
its roadmap shown by its owner, its items addressed to all schools owed by every school of the region, and the
region's bodies (the ministry) read by that region only."""
from datetime import date
from pathlib import Path

import pytest

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from monitoring.models import SchoolTask
from monitoring.services import school_tasks_sync
from tests.factories import make_municipality, make_region, make_school, make_user
from roadmaps.importers.reader import read_document
from roadmaps.importers.writer import order_import
from roadmaps.models import Order, OrderClause, Roadmap, RoadmapItem
from schools import access
from schools.models import Organization, Role
from tests.imports import confirm, upload

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "fixtures" / "seeds" / "000_9185a89d1fab58bd.txt"


@pytest.fixture
def regions():
    kuzbass, novosibirsk = make_region("42", "Кемеровская область — Кузбасс"), make_region("54", "Новосибирская область")
    first, second, far = (make_municipality("Первый", region=kuzbass), make_municipality("Второй", region=kuzbass),
                          make_municipality("Дальний", region=novosibirsk))
    return {"42": kuzbass, "54": novosibirsk, "first": first, "second": second, "far": far,
            "schools": {"first": make_school(first), "second": make_school(second), "far": make_school(far)}}


def _regional_roadmap(region, *, all_schools=True, clause_for_all_schools=False):
    ministry = Organization.objects.create(name="Министерство образования Кузбасса", short_name="Минобр Кузбасса",
                                           kind=Organization.Kind.MINISTRY, region=region)
    order = Order.objects.create(issuer=ministry, region=region, number="1621", date=date(2022, 6, 29),
                                 title="Об утверждении Дорожной карты")
    OrderClause.objects.create(order=order, number="3", position=3, text="Руководителям ОО обновить положение о ВСОКО",
                               all_schools=clause_for_all_schools, deadline_end=date(2022, 9, 30))
    roadmap = Roadmap.objects.create(order=order, region=region, title="Региональная дорожная карта", academic_year=2022,
                                     period_start=date(2022, 9, 1), period_end=date(2023, 8, 31))
    RoadmapItem.objects.create(roadmap=roadmap, number="1", position=1, activity="Разработать положение о ВСОКО",
                               all_schools=all_schools, deadline_end=date(2022, 10, 31))
    RoadmapItem.objects.create(roadmap=roadmap, number="2", position=2, activity="Семинар для МОУО",
                               all_schools=False, deadline_end=date(2022, 11, 30))
    return roadmap


# --- tasks ---------------------------------------------------------------------------------------------------


def test_an_item_of_a_regional_roadmap_for_all_schools_is_every_school_of_the_region(regions):
    roadmap = _regional_roadmap(regions["42"])
    result = school_tasks_sync(roadmap=roadmap)
    owing = set(SchoolTask.objects.filter(item__roadmap=roadmap).values_list("school_id", "item__number"))
    assert owing == {(regions["schools"]["first"].pk, "1"), (regions["schools"]["second"].pk, "1")}
    assert result.created == 2
    assert school_tasks_sync().created == 0  # idempotent; the school of region 54 owes nothing


def test_a_school_opened_later_in_the_region_owes_the_regional_item(regions):
    roadmap = _regional_roadmap(regions["42"])
    school_tasks_sync()
    late = make_school(regions["second"])
    school_tasks_sync(school=late)
    assert SchoolTask.objects.filter(school=late, item__roadmap=roadmap).count() == 1
    far_late = make_school(regions["far"])
    school_tasks_sync(school=far_late)
    assert not SchoolTask.objects.filter(school=far_late).exists()


def test_a_regional_deadline_moved_moves_every_school_of_the_region(regions):
    roadmap = _regional_roadmap(regions["42"])
    school_tasks_sync()
    roadmap.items.filter(number="1").update(deadline_end=date(2022, 12, 15))
    assert school_tasks_sync(roadmap=roadmap).moved == 2
    assert set(SchoolTask.objects.values_list("due_date", flat=True)) == {date(2022, 12, 15)}


def test_a_clause_of_a_regional_order_for_all_schools_is_every_school_of_the_region(regions):
    roadmap = _regional_roadmap(regions["42"], all_schools=False, clause_for_all_schools=True)
    result = school_tasks_sync(order=roadmap.order)
    owing = set(SchoolTask.objects.values_list("school_id", "clause__number", "due_date"))
    first, second = regions["schools"]["first"].pk, regions["schools"]["second"].pk
    assert owing == {(first, "3", date(2022, 9, 30)), (second, "3", date(2022, 9, 30))}
    assert result.created == 2
    assert school_tasks_sync().created == 0  # idempotent; the school of region 54 owes nothing
    # a school opened later in the region owes it; one opened in another region does not
    late, far_late = make_school(regions["first"]), make_school(regions["far"])
    assert school_tasks_sync(school=late).created == 1
    late_task = SchoolTask.objects.get(school=late)
    assert late_task.clause.number == "3" and late_task.due_date_pending  # past due: the officer sets its date
    assert school_tasks_sync(school=far_late).created == 0
    # the deadline moved in the order moves every school's that follows it
    OrderClause.objects.filter(number="3").update(deadline_end=date(2022, 10, 14))
    assert school_tasks_sync(order=roadmap.order).moved == 2
    assert set(SchoolTask.objects.filter(school__in=[first, second]).values_list("due_date", flat=True)) == {
        date(2022, 10, 14)}


def test_a_clause_of_a_regional_order_not_for_all_schools_is_nobodys_task(regions):
    _regional_roadmap(regions["42"], all_schools=False, clause_for_all_schools=False)
    assert school_tasks_sync().created == 0 and not SchoolTask.objects.exists()


def test_the_rates_page_names_a_regional_source_by_its_region(client, regions):
    roadmap = _regional_roadmap(regions["42"], clause_for_all_schools=True)
    school_tasks_sync()
    client.force_login(make_user("regional", role=Role.REGIONAL, region=regions["42"]))
    page = client.get(reverse("monitoring:compliance_rates")).content.decode()
    assert "Разработать положение о ВСОКО" in page and "Руководителям ОО обновить" in page
    assert page.count('<div class="small-muted">Кемеровская область — Кузбасс</div>') == 2
    assert "None" not in page
    assert roadmap.items.count() == 2


# --- import ----------------------------------------------------------------------------------------------------


def test_import_order_command_with_region_makes_a_regional_order(regions, capsys):
    call_command("import_order", str(SEED), "--region", "42")
    order = Order.objects.get()
    assert order.municipality is None and order.region == regions["42"]
    roadmap = Roadmap.objects.get()
    assert roadmap.municipality is None and roadmap.region == regions["42"] and roadmap.owner == regions["42"]
    assert order.issuer.municipality is None and order.issuer.region == regions["42"]
    assert "Кузбасс" in capsys.readouterr().out
    # its items addressed to all schools are every school of region 42
    assert set(SchoolTask.objects.values_list("school__municipality__region__code", flat=True)) == {"42"}


def test_import_order_command_refuses_an_unknown_region(regions):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="77"):
        call_command("import_order", str(SEED), "--region", "77")
    assert not Order.objects.exists()


def test_only_the_regions_specialist_or_an_administrator_loads_a_regional_order(regions):
    document = read_document(SimpleUploadedFile(SEED.name, SEED.read_bytes()), name=SEED.name)
    officer = make_user("officer", role=Role.MUNICIPAL, municipality=regions["first"])
    far_regional = make_user("far_regional", role=Role.REGIONAL, region=regions["54"])
    federal = make_user("federal", role=Role.FEDERAL)
    for stranger in (officer, far_regional, federal):
        with pytest.raises(PermissionDenied):
            order_import(data=document, region=regions["42"], user=stranger)
    assert not Order.objects.exists()
    regional = make_user("regional", role=Role.REGIONAL, region=regions["42"])
    roadmap = order_import(data=document, region=regions["42"], user=regional)
    assert roadmap.region == regions["42"] and roadmap.order.region == regions["42"]
    assert access.changeable(regional, Roadmap).filter(pk=roadmap.pk).exists()


def test_a_regional_specialist_imports_through_the_web_into_their_region_only(client, regions):
    regional = make_user("regional", role=Role.REGIONAL, region=regions["42"])
    client.force_login(regional)
    page = client.get(reverse("roadmaps:order_import"))
    assert page.status_code == 200
    offered = page.context["form"].fields["region"].queryset
    assert list(offered) == [regions["42"]] and "municipality" not in page.context["form"].fields
    # another region is not a choice
    refused = client.post(reverse("roadmaps:order_import"), {
        "file": SimpleUploadedFile(SEED.name, SEED.read_bytes()), "region": regions["54"].pk})
    assert refused.status_code == 400 and not Order.objects.exists()
    job, preview = upload(client, reverse("roadmaps:order_import"), {
        "file": SimpleUploadedFile(SEED.name, SEED.read_bytes()), "region": regions["42"].pk})
    assert preview.status_code == 200 and "Региональный приказ" in preview.content.decode()
    confirm(client, job)
    assert job.state == "done"
    roadmap = Roadmap.objects.get()
    assert roadmap.region == regions["42"] and roadmap.municipality is None
    page = client.get(reverse("roadmaps:roadmap_detail", args=[roadmap.pk])).content.decode()
    assert regions["42"].name in page


def test_an_administrator_chooses_a_municipality_or_a_region_not_both(client, regions):
    admin = make_user("admin", role=Role.ADMIN)
    client.force_login(admin)
    both = client.post(reverse("roadmaps:order_import"), {
        "file": SimpleUploadedFile(SEED.name, SEED.read_bytes()), "region": regions["42"].pk,
        "municipality": regions["first"].pk})
    assert both.status_code == 400 and "либо муниципалитет, либо регион" in both.content.decode()


# --- owner shown -------------------------------------------------------------------------------------------------


def test_a_regional_roadmap_shows_its_region_as_owner(client, regions):
    roadmap = _regional_roadmap(regions["42"])
    assert str(roadmap).startswith(regions["42"].name)
    head = make_user("head", role=Role.SCHOOL_HEAD, school=regions["schools"]["first"])
    client.force_login(head)
    for url in (reverse("roadmaps:roadmap_list"), reverse("roadmaps:roadmap_detail", args=[roadmap.pk]),
                reverse("roadmaps:item_detail", args=[roadmap.items.first().pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert regions["42"].name in response.content.decode(), url


# --- the region's bodies ------------------------------------------------------------------------------------------


def test_the_ministry_belongs_to_its_region(regions):
    ministry = Organization.objects.create(name="Министерство образования Кузбасса", short_name="Минобр",
                                           kind=Organization.Kind.MINISTRY, region=regions["42"])
    federal_body = Organization.objects.create(name="Рособрнадзор", short_name="Рособрнадзор")
    readers = [make_user("regional", role=Role.REGIONAL, region=regions["42"]),
               make_user("officer", role=Role.MUNICIPAL, municipality=regions["second"]),
               make_user("head", role=Role.SCHOOL_HEAD, school=regions["schools"]["first"]),
               make_user("federal", role=Role.FEDERAL)]
    strangers = [make_user("far_regional", role=Role.REGIONAL, region=regions["54"]),
                 make_user("far_officer", role=Role.MUNICIPAL, municipality=regions["far"]),
                 make_user("far_head", role=Role.SCHOOL_HEAD, school=regions["schools"]["far"])]
    for user in readers:
        assert access.visible(user, Organization).filter(pk=ministry.pk).exists(), user
    for user in strangers:
        assert not access.visible(user, Organization).filter(pk=ministry.pk).exists(), user
        assert access.visible(user, Organization).filter(pk=federal_body.pk).exists(), user  # no region: everyone's

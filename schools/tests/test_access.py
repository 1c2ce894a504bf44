"""The one access rule (schools.access): every model is declared, levels country → region → municipality → school."""
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter, RelatedFieldListFilter
from django.urls import reverse

from tests.factories import make_municipality, make_region, make_school, make_user, world_for_admin
from roadmaps.models import Order, Roadmap, RoadmapItem
from schools import access
from schools.admin_scope import ScopedAdmin
from schools.models import Municipality, Region, Role, School
from schools.selectors import municipalities_visible_to, schools_visible_to

PROJECT_PACKAGES = ("schools", "roadmaps", "monitoring", "portal", "core")


def test_every_project_model_is_registered_or_declared_reference_data():
    project_models = [
        model for config in apps.get_app_configs() if config.name.split(".")[0] in PROJECT_PACKAGES
        for model in config.get_models()
    ]
    assert len(project_models) > 20
    missing = sorted(model._meta.label for model in project_models if model not in access.registered_models())
    assert missing == [], "register these with schools.access (register / reference / admin_only)"


def test_an_unregistered_model_is_refused_loudly():
    from django.contrib.auth.models import Group

    with pytest.raises(LookupError):
        access.visible(None, Group)


@pytest.fixture
def regions(world):
    """A second region with one municipality, school and officer; regional and federal users."""
    home_region = world.home.municipality.region
    far_region = make_region("54", "Новосибирская область")
    far = make_municipality("Дальний", region=far_region)
    far_school = make_school(far)
    regional_order = Order.objects.create(
        issuer=world.home.order.issuer, region=home_region, number="1621", date=world.home.order.date,
        title="Об утверждении региональной дорожной карты",
    )
    regional_roadmap = Roadmap.objects.create(
        order=regional_order, region=home_region, title="Региональная дорожная карта", academic_year=2022,
        period_start=world.home.roadmap.period_start, period_end=world.home.roadmap.period_end,
    )
    item = RoadmapItem.objects.create(roadmap=regional_roadmap, number="1", position=1, activity="Семинар")
    return {
        "home_region": home_region, "far_region": far_region, "far": far, "far_school": far_school,
        "order": regional_order, "roadmap": regional_roadmap, "item": item,
        "federal": make_user("federal", role=Role.FEDERAL),
        "far_regional": make_user("far_regional", role=Role.REGIONAL, region=far_region),
    }


@pytest.mark.django_db
def test_levels_see_their_part_of_the_country(world, regions):
    everything = set(Municipality.objects.values_list("pk", flat=True))
    assert set(municipalities_visible_to(regions["federal"]).values_list("pk", flat=True)) == everything
    assert set(municipalities_visible_to(world.regional).values_list("pk", flat=True)) == {
        world.home.municipality.pk, world.away.municipality.pk}
    assert list(municipalities_visible_to(regions["far_regional"])) == [regions["far"]]
    assert list(municipalities_visible_to(world.home.officer)) == [world.home.municipality]
    assert list(schools_visible_to(world.home.head)) == [world.home.school]
    assert list(access.visible(world.home.officer, Region)) == [regions["home_region"]]


@pytest.mark.django_db
def test_a_regional_roadmap_is_read_by_its_region_and_changed_by_its_regional_specialist(world, regions):
    item = regions["item"]
    for reader in (world.regional, world.home.officer, world.away.officer, world.home.head, regions["federal"]):
        assert access.visible(reader, RoadmapItem).filter(pk=item.pk).exists(), reader
    assert not access.visible(regions["far_regional"], RoadmapItem).filter(pk=item.pk).exists()
    assert list(access.changeable(world.regional, Roadmap)) == [regions["roadmap"]]
    assert list(access.changeable(world.regional, Order)) == [regions["order"]]
    for bystander in (world.home.officer, regions["far_regional"], regions["federal"], world.home.head):
        assert not access.changeable(bystander, RoadmapItem).filter(pk=item.pk).exists(), bystander
    # The municipal roadmaps stay their municipality's: the region reads them, does not change them.
    assert not access.changeable(world.regional, RoadmapItem).filter(pk=world.home.item.pk).exists()
    assert access.changeable(world.home.officer, RoadmapItem).filter(pk=world.home.item.pk).exists()


@pytest.mark.django_db
def test_federal_reads_everything_and_changes_nothing(world, regions):
    federal = regions["federal"]
    assert schools_visible_to(federal).count() == School.objects.count()
    for model in access.registered_models():
        assert not access.changeable(federal, model).exists(), model


def _scoped_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ScopedAdmin)]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["municipal", "regional"])
def test_admin_list_filters_offer_only_rows_in_scope(client, world, regions, role):
    staff = world_for_admin(world)
    user = staff.home.officer if role == "municipal" else staff.regional
    client.force_login(user)
    checked = 0
    for model, model_admin in _scoped_admins():
        response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        if response.status_code != 200:
            continue
        for spec in response.context["cl"].filter_specs:
            if isinstance(spec, RelatedFieldListFilter):
                related = spec.field.remote_field.model
                offered = {pk for pk, _ in spec.lookup_choices}
                assert offered <= set(access.visible(user, related).values_list("pk", flat=True)), (model, spec.title)
                checked += 1
            elif isinstance(spec, AllValuesFieldListFilter):
                assert set(spec.lookup_choices) <= set(
                    model_admin.get_queryset(response.wsgi_request).values_list(spec.field_path, flat=True))
                checked += 1
    assert checked > 10
    if role == "municipal":
        page = client.get(reverse("admin:schools_school_changelist")).content.decode()
        assert str(staff.away.municipality) not in page and str(regions["far"]) not in page


@pytest.mark.django_db
def test_admin_dropdowns_offer_only_rows_in_scope(client, world):
    staff = world_for_admin(world)
    client.force_login(staff.home.officer)
    form = client.get(reverse("admin:schools_school_add")).context["adminform"].form
    assert list(form.fields["municipality"].queryset) == [staff.home.municipality]

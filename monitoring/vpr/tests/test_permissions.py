"""Every ВПР URL × role against objects inside and outside the role's scope (403 / 404 outside)."""
import pytest
from django.urls import reverse

from monitoring.vpr.models import Sign, SignTask
from tests.permissions import ROLES, SCHOOL_READ, expect

from .factories import add_results, make_round

pytestmark = pytest.mark.django_db

SIGN_WRITE = {"home": expect(302, 403, 302, 403), "sibling": expect(302, 403, 302, 404),
              "away": expect(302, 403, 404, 404)}
MUNICIPALITY_READ = {"home": expect(200, 200, 200, 200), "away": expect(200, 200, 404, 200)}


@pytest.fixture
def vpr(world):
    """Every school far above the others of a big region, so each has the «high mean» sign; item per side."""
    round_ = make_round()
    from tests.factories import make_school

    for i in range(4):
        add_results(round_, make_school(world.away.municipality, f"Фон {i}"), [(20, 5, 2, 2)])
    sides = {"home": world.home.school, "sibling": world.home.other_school, "away": world.away.school}
    for school in sides.values():
        add_results(round_, school, [(20, 19, 5, 4)])
    items = {"home": world.home.roadmap.items.first(), "sibling": world.home.roadmap.items.first(),
             "away": world.away.roadmap.items.first()}
    return round_, sides, items


def _client(client, world, role):
    client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "sibling", "away"])
def test_school_page(client, world, vpr, role, side):
    round_, sides, _ = vpr
    response = _client(client, world, role).get(reverse("vpr:school", args=[sides[side].pk]), {"round": round_.pk})
    assert response.status_code == SCHOOL_READ[side][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "sibling", "away"])
def test_comparison_of_a_school(client, world, vpr, role, side):
    round_, sides, _ = vpr
    response = _client(client, world, role).get(reverse("vpr:comparison"), {"round": round_.pk,
                                                                           "school": sides[side].pk})
    expected = SCHOOL_READ[side][role]
    if role == "school_head":
        expected = 200  # a head always lands on their own school, whatever is asked
        assert response.context["level"].school == world.home.school
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "away"])
def test_comparison_and_export_of_a_municipality(client, world, vpr, role, side):
    round_, _, _ = vpr
    municipality = world.home.municipality if side == "home" else world.away.municipality
    client = _client(client, world, role)
    for name in ("vpr:comparison", "vpr:comparison_export"):
        response = client.get(reverse(name), {"round": round_.pk, "municipality": municipality.pk})
        assert response.status_code == MUNICIPALITY_READ[side][role], name


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["home", "sibling", "away"])
def test_sign_to_task(client, world, vpr, role, side):
    round_, sides, items = vpr
    response = _client(client, world, role).post(
        reverse("vpr:school_sign_task", args=[sides[side].pk]),
        {"round": round_.pk, "sign": Sign.HIGH_MEAN, "item": items[side].pk})
    assert response.status_code == SIGN_WRITE[side][role]
    assert SignTask.objects.exists() == (SIGN_WRITE[side][role] == 302)


def test_officer_cannot_tie_a_sign_to_another_municipalitys_item(client, world, vpr):
    round_, sides, items = vpr
    response = _client(client, world, "municipal").post(
        reverse("vpr:school_sign_task", args=[sides["home"].pk]),
        {"round": round_.pk, "sign": Sign.HIGH_MEAN, "item": items["away"].pk})
    assert response.status_code == 400 and not SignTask.objects.exists()


@pytest.mark.parametrize("role,status", [("admin", 200), ("regional", 200), ("municipal", 200), ("school_head", 403)])
def test_risk_list(client, world, vpr, role, status):
    round_, sides, _ = vpr
    response = _client(client, world, role).get(reverse("vpr:risk_schools"), {"round": round_.pk})
    assert response.status_code == status
    if role == "municipal":
        shown = {r.school.pk for r in response.context["page"]}
        assert shown == {sides["home"].pk, sides["sibling"].pk}


@pytest.mark.parametrize("role,status", [("admin", 200), ("regional", 403), ("municipal", 200), ("school_head", 403)])
def test_import_page(client, world, role, status):
    assert _client(client, world, role).get(reverse("vpr:import")).status_code == status


def test_head_sees_only_their_schools_figures(client, world, vpr):
    round_, _, _ = vpr
    response = _client(client, world, "school_head").get(reverse("vpr:comparison"), {"round": round_.pk})
    assert response.context["total"].counts["total"] == 20


def test_a_round_without_visible_results_is_404(client, world):
    round_ = make_round(year=2019)
    add_results(round_, world.away.school, [(3, 10, 3, 3)])
    response = _client(client, world, "school_head").get(reverse("vpr:comparison"), {"round": round_.pk})
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, vpr):
    response = client.get(reverse("vpr:comparison"))
    assert response.status_code == 302 and "/accounts/login/" in response.url

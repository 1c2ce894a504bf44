"""The roadmap picker finds municipal roadmaps by the municipality's name and regional ones by the region's name,
within the user's scope."""
from datetime import date

import pytest
from django.urls import reverse

from roadmaps.models import Roadmap
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def _regional_roadmap(region):
    return Roadmap.objects.create(region=region, title="Региональная дорожная карта", academic_year=2022,
                                  period_start=date(2022, 9, 1), period_end=date(2023, 8, 31))


def _labels(client, user, q):
    client.force_login(user)
    return [r["label"] for r in client.get(reverse("roadmaps:roadmap_picker"), {"q": q}).json()["results"]]


def test_regional_roadmap_is_found_by_its_region_name(client, world):
    region = world.home.municipality.region
    roadmap = _regional_roadmap(region)
    labels = _labels(client, world.regional, region.name[:8])
    assert any(label.startswith(str(roadmap.owner)) for label in labels), labels


def test_regional_roadmap_of_another_region_stays_hidden(client, world):
    far = make_region(code="54", name="Новосибирская область")
    _regional_roadmap(far)
    assert _labels(client, world.regional, "Новосибирская") == []
    assert len(_labels(client, world.admin, "Новосибирская")) == 1


def test_municipal_roadmap_still_found_by_municipality(client, world):
    assert _labels(client, world.home.officer, world.home.municipality.short_name)

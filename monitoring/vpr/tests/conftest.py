import pytest

from monitoring.vpr.samples import pupil


@pytest.fixture
def logins(world):
    """ФИС ОКО logins for the world's schools: home school, home other school, away school."""
    from monitoring.vpr.models import SchoolLogin

    SchoolLogin.objects.create(school=world.home.school, login="edu420001")
    SchoolLogin.objects.create(school=world.home.other_school, login="edu420002")
    SchoolLogin.objects.create(school=world.away.school, login="sch420003")
    return world


def small_schools() -> list[dict]:
    """Two schools with a hand-countable mix: lowered / confirmed / raised / no journal mark / absent."""
    return [
        {"login": "edu420001", "name": "МБОУ «СОШ № 1»", "municipality": "Домашний", "pupils": [
            pupil(1, 20, 5, 4),            # raised
            pupil(2, 10, 3, None),         # no journal mark
            pupil(3, 3, 2, 3, class_number=2),  # lowered
            pupil(4, 15, 4, 4, class_number=2),  # confirmed
            {"absent": True, "code": "5"},
        ]},
        {"login": "edu420002", "name": "МБОУ «СОШ № 2»", "municipality": "Домашний", "pupils": [
            pupil(1, 15, 4, 4),            # confirmed
            pupil(2, 8, 3, None),          # no journal mark
        ]},
        {"login": "edu999999", "name": "МБОУ «Неизвестная СОШ»", "municipality": "Домашний", "pupils": [
            pupil(1, 12, 4, 5),            # lowered, but the school is not in the portal
        ]},
    ]

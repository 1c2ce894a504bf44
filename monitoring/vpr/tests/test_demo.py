"""The synthetic demo: both seed municipalities, each sign at a few schools, marked synthetic, idempotent."""
import pytest

from monitoring.vpr import selectors
from portal.demo.vpr import load_vpr_demo
from monitoring.vpr.models import ControlledSchool, Sign, VprResult, VprRound
from tests.factories import make_municipality, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_schools(db):
    for name, count in (("Гурьевский МО", 10), ("Новокузнецк", 15)):
        municipality = make_municipality(name)
        for i in range(count):
            make_school(municipality, f"МБОУ «СОШ № {i + 1:02d}»")


def test_demo_shows_every_sign_and_is_idempotent(seed_schools):
    first = load_vpr_demo()
    assert first["rounds"] == 2 and first["participants"] > 1000
    round_ = VprRound.objects.get(year=2023, grade=5)
    assert round_.is_synthetic and "синтетические данные" in round_.label and "синтетические данные" in round_.title
    figures, reports = selectors.round_signs(round_)
    found = {code: sum(1 for r in reports.values() if r.sign(code).found) for code in Sign.values}
    assert all(count >= 1 for count in found.values()), found
    assert any(r.small for r in reports.values())
    assert 0 < figures.index < 100
    assert ControlledSchool.objects.filter(round=round_).count() == 2
    snapshot = VprResult.objects.count()
    assert load_vpr_demo() == {"rounds": 0, "participants": 0}
    assert VprResult.objects.count() == snapshot

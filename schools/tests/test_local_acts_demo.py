"""load_acts_demo: acts in every review state in both demo municipalities, played through the services; idempotent."""
import pytest

from portal.demo.orders import FIXTURES, demo_accounts_ensure, demo_orders_load
from portal.demo.acts import load_acts_demo
from schools.acts.selectors import latest_acts_for_school
from schools.models import ActEvent, LocalActVersion, ReviewState, School
from schools.services import reference_data_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    reference_data_load(path=FIXTURES / "reference.json")
    demo_orders_load()
    demo_accounts_ensure()


def _latest_states(municipality: str) -> set[str]:
    states = set()
    for school in School.objects.filter(municipality__short_name=municipality):
        states |= {row.state for row in latest_acts_for_school(school)}
    return states


def test_every_state_in_both_municipalities_and_a_second_run_adds_nothing(demo_world, settings):
    summary = load_acts_demo()
    assert summary.startswith("локальных актов загружено: 14")
    for municipality in ("Гурьевский МО", "Новокузнецк"):
        assert _latest_states(municipality) == {*ReviewState.values, "missing"}, municipality
    counts = (LocalActVersion.objects.count(), ActEvent.objects.count())
    assert load_acts_demo() == "локальных актов загружено: 0, версий: 0."
    assert (LocalActVersion.objects.count(), ActEvent.objects.count()) == counts
    for version in LocalActVersion.objects.all():
        assert (settings.MEDIA_ROOT / version.file.name).read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")


def test_demo_heads_see_remarks_to_answer(demo_world):
    load_acts_demo()
    ur = School.objects.get(short_name="МБОУ «Урская СОШ»")
    rows = {row.kind.code: row for row in latest_acts_for_school(ur)}
    assert rows["vsoko"].state == ReviewState.RETURNED and "ФГОС" in rows["vsoko"].version.remarks
    assert rows["vsoko"].version.uploaded_by.username == "gur_head"
    assert rows["vsoko"].version.reviewer.username == "gur_officer"
    nvk = School.objects.get(short_name="МБОУ «СОШ № 5»", municipality__short_name="Новокузнецк")
    answered = {row.kind.code: row for row in latest_acts_for_school(nvk)}["tek_kontrol"].version
    assert (answered.number, answered.state) == (2, ReviewState.PENDING) and answered.comment


def test_without_accounts_nothing_is_loaded(db):
    reference_data_load(path=FIXTURES / "reference.json")
    assert "нет учётных записей" in load_acts_demo()
    assert not LocalActVersion.objects.exists()

"""Both seed orders through `import_order`: the dry run prints exactly the demo data's core keys, and a real
import writes the order once, matching people to those already in the portal."""
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from roadmaps.importers.document import core
from roadmaps.importers.reader import read_document
from roadmaps.models import Order, OrderCitation, Roadmap, RoadmapItem
from schools.models import Municipality, Official, Organization
from schools.services import reference_data_load

BASE = Path(settings.BASE_DIR)
SEEDS = BASE / "fixtures" / "seeds"
if not SEEDS.is_dir():
    SEEDS = BASE.parent / "shared" / "seeds"
CASES = [
    ("000_9185a89d1fab58bd.txt", "guryevsk_340.json"),
    ("001_2b9de425867dbd7b.txt", "novokuznetsk_800.json"),
]


def _fixture(name: str) -> dict:
    return json.loads((BASE / "fixtures" / "orders" / name).read_text(encoding="utf-8"))


def _dry_run(seed: str) -> dict:
    out = StringIO()
    call_command("import_order", str(SEEDS / seed), "--dry-run", "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize(("seed", "fixture"), CASES)
def test_dry_run_json_is_the_demo_data_core(seed, fixture):
    printed = _dry_run(seed)
    assert printed == core(_fixture(fixture))
    assert set(printed) == {"order", "roadmap", "warnings"}
    assert set(printed["order"]) == {"issuer", "number", "date", "title", "signatory", "clauses"}
    assert set(printed["roadmap"]["items"][0]) == {"number", "activity", "deadline", "responsible", "warnings"}
    assert Order.objects.count() == 0 and Roadmap.objects.count() == 0


@pytest.mark.parametrize(("seed", "fixture"), CASES)
def test_reader_also_reads_the_extra_keys(seed, fixture):
    """Preamble, citations, controller, clause deadlines, responsible_text: the whole demo document."""
    expected = _fixture(fixture)
    expected.pop("municipality")
    with (SEEDS / seed).open("rb") as file:
        assert read_document(file, name=seed) == expected


def test_dry_run_prints_russian_summary_without_json():
    out = StringIO()
    call_command("import_order", str(SEEDS / CASES[0][0]), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Приказ Управление образования от 25.07.2022 № 340" in text
    assert "мероприятий: 10" in text
    assert "Мероприятие № 9: Срок «Февраль-март 2022 г.» раньше даты приказа (25.07.2022)" in text
    assert "ничего не записано" in text


@pytest.fixture
def reference(db):
    reference_data_load(path=BASE / "fixtures" / "reference.json")


def test_import_writes_order_roadmap_and_matches_people(reference):
    out = StringIO()
    call_command("import_order", str(SEEDS / CASES[0][0]), "--municipality", "Гурьевский МО", stdout=out)
    roadmap = Roadmap.objects.get()
    assert roadmap.municipality.short_name == "Гурьевский МО"
    assert roadmap.academic_year == 2022
    assert roadmap.items.count() == 10
    assert roadmap.order.number == "340" and roadmap.order.clauses.count() == 5
    assert OrderCitation.objects.get().number == "1621"
    # «Павловец О.М.» (items) and «Павловец О. М.» (clauses, controller) are one official.
    assert Official.objects.filter(surname="Павловец").count() == 1
    assert roadmap.order.controller.surname == "Павловец"
    item5 = roadmap.items.get(number="5")
    assert item5.all_schools and item5.deadline_end.isoformat() == "2022-09-01"
    item10 = roadmap.items.get(number="10")
    assert list(item10.responsible_organizations.values_list("short_name", flat=True)) == ["Управление образования"]
    assert "Записано" in out.getvalue()


def test_second_import_of_the_same_order_is_refused_and_writes_nothing(reference):
    call_command("import_order", str(SEEDS / CASES[1][0]), stdout=StringIO())
    counts = (Order.objects.count(), RoadmapItem.objects.count(), Official.objects.count(),
              Organization.objects.count())
    with pytest.raises(CommandError, match="уже есть в портале"):
        call_command("import_order", str(SEEDS / CASES[1][0]), stdout=StringIO())
    assert counts == (Order.objects.count(), RoadmapItem.objects.count(), Official.objects.count(),
                      Organization.objects.count())
    assert Roadmap.objects.get().municipality == Municipality.objects.get(short_name="Новокузнецк")


@pytest.mark.django_db
def test_unknown_municipality_and_missing_file_are_command_errors():
    with pytest.raises(CommandError, match="Муниципалитет «Атлантида» не найден"):
        call_command("import_order", str(SEEDS / CASES[0][0]), "--municipality", "Атлантида", stdout=StringIO())
    with pytest.raises(CommandError, match="не найден"):
        call_command("import_order", str(SEEDS / "нет такого.txt"), stdout=StringIO())

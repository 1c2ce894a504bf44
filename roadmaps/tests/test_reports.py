"""Excel reports of roadmaps: what the roadmap report holds, the summary, `export_report` with its scope
options and registry, and the round trip (export a roadmap, import the file: the same items)."""
import io
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.xlsx import ReportKind, register_report, report_kinds
from tests.factories import make_municipality
from roadmaps.importers.reader import read_document
from roadmaps.importers.writer import order_import
from roadmaps.models import ItemEvent, Roadmap, RoadmapItem
from roadmaps.reports import roadmap_report_write
from roadmaps.selectors import ItemFilters
from roadmaps.status import Status
from schools.services import reference_data_load

BASE = Path(settings.BASE_DIR)
SEEDS = BASE / "fixtures" / "seeds"
if not SEEDS.is_dir():
    SEEDS = BASE.parent / "shared" / "seeds"
HEADERS = ["№", "Мероприятие", "Срок", "Начало срока", "Окончание срока", "Ответственный исполнитель", "Статус",
           "Последнее изменение", "Просрочено"]


def _sheet(path_or_bytes):
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    return openpyxl.load_workbook(source).active


def _export(roadmap, user=None, filters=None, today=None):
    buffer = io.BytesIO()
    roadmap_report_write(roadmap=roadmap, user=user, target=buffer, filters=filters, today=today)
    return _sheet(buffer.getvalue())


def test_roadmap_report_holds_the_signed_table_and_statuses(world):
    roadmap = world.home.roadmap
    first, second = roadmap.items.order_by("position")[:2]
    RoadmapItem.objects.filter(pk=first.pk).update(activity="=HYPERLINK(\"http://example.ru\")")
    RoadmapItem.objects.filter(pk=second.pk).update(status=Status.DONE, status_changed_at=timezone.now())
    ItemEvent.objects.create(item=first, author=world.home.officer, from_value="not_started", to_value="in_progress")
    sheet = _export(roadmap, world.home.officer, today=date(2023, 1, 15))
    assert sheet["A1"].value == roadmap.title
    assert world.home.municipality.name in sheet["A2"].value and "по состоянию на" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == HEADERS
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == "A3:I6"
    row4, row5 = sheet[4], sheet[5]
    assert row4[1].value == "=HYPERLINK(\"http://example.ru\")" and row4[1].data_type == "s" and row4[1].quotePrefix
    assert row4[3].value.date() == date(2022, 10, 1) and row4[3].number_format == "DD.MM.YYYY"
    assert row4[7].value is not None  # the event is the last change
    assert (row4[8].value, row4[8].fill.fgColor.rgb) == ("да", "FFFFC7CE")  # October 2022 is over, not done
    assert (row5[6].value, row5[6].fill.fgColor.rgb) == ("Выполнено", "FFC6EFCE")
    assert row5[8].value is None


def test_roadmap_report_honours_filters(world):
    roadmap = world.home.roadmap
    RoadmapItem.objects.filter(roadmap=roadmap, number="3").update(status=Status.DONE)
    sheet = _export(roadmap, filters=ItemFilters(overdue=True), today=date(2023, 1, 15))
    assert [r[0] for r in sheet.iter_rows(min_row=4, values_only=True)] == ["1", "2"]
    assert "только просроченные" in sheet["A2"].value


def test_roadmap_report_writes_section_rows(world):
    roadmap = world.home.roadmap
    roadmap.items.update(section="I. Анализ работы")
    rows = list(_export(roadmap).iter_rows(min_row=4, values_only=True))
    assert rows[0][0] == "I. Анализ работы" and [r[0] for r in rows[1:]] == ["1", "2", "3"]


# --- export_report -------------------------------------------------------------------------------------------

def test_export_report_roadmap_with_and_without_user_scope(world, tmp_path):
    target = tmp_path / "карта.xlsx"
    out = StringIO()
    call_command("export_report", "roadmap", "--roadmap", str(world.away.roadmap.pk), "--output", str(target),
                 stdout=out)
    assert "строк 3" in out.getvalue()
    assert _sheet(target)["A1"].value == world.away.roadmap.title
    with pytest.raises(CommandError, match="не найдена или недоступна"):
        call_command("export_report", "roadmap", "--roadmap", str(world.away.roadmap.pk), "--output",
                     str(tmp_path / "чужая.xlsx"), "--user", world.home.officer.username, stdout=StringIO())
    assert not (tmp_path / "чужая.xlsx").exists()
    call_command("export_report", "roadmap", "--roadmap", str(world.home.roadmap.pk), "--status", "done",
                 "--output", str(target), "--user", world.home.officer.username, stdout=StringIO())
    assert list(_sheet(target).iter_rows(min_row=4, values_only=True)) == []


def test_export_report_summary_per_municipality(world, tmp_path):
    RoadmapItem.objects.filter(roadmap=world.home.roadmap).update(status=Status.DONE)
    target = tmp_path / "сводка.xlsx"
    call_command("export_report", "summary", "--output", str(target), stdout=StringIO())
    rows = {r[0]: r for r in _sheet(target).iter_rows(min_row=4, values_only=True)}
    home, away, total = rows[world.home.municipality.name], rows[world.away.municipality.name], rows["Итого"]
    assert home[1:] == (1, 3, 3, 0, 0, 0, 1)
    assert away[1:4] == (1, 3, 0) and away[6] == 3 and away[7] == 0
    assert total[1:4] == (2, 6, 3) and total[7] == 0.5
    call_command("export_report", "summary", "--output", str(target), "--user", world.away.officer.username,
                 stdout=StringIO())
    assert [r[0] for r in _sheet(target).iter_rows(min_row=4, values_only=True)] == [world.away.municipality.name]


def test_export_report_schools_and_errors(world, tmp_path):
    target = tmp_path / "школы.xlsx"
    call_command("export_report", "schools", "--output", str(target), "--user", world.home.head.username,
                 stdout=StringIO())
    assert [r[2] for r in _sheet(target).iter_rows(min_row=4, values_only=True)] == [world.home.school.short_name]
    with pytest.raises(CommandError, match="Пользователь «никто» не найден"):
        call_command("export_report", "schools", "--output", str(target), "--user", "никто", stdout=StringIO())
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("export_report", "schools", "--output", str(tmp_path / "школы.csv"), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("export_report", "нет-такого", stdout=StringIO(), stderr=StringIO())


def test_registry_lets_another_app_add_a_kind(db, tmp_path):
    """The hook other apps use: register_report in their reports.py; the command picks it up."""
    from core import xlsx

    def write(*, user, target, options):
        return xlsx.write_xlsx(target, title="Проверка", columns=[xlsx.Column("Школа")],
                               rows=[[f"{options['count']} шт."]])

    register_report(ReportKind(name="test_kind", label="Проверочный отчёт", write=write,
                               add_arguments=lambda parser: parser.add_argument("--count", type=int, default=1)))
    try:
        assert {"roadmap", "summary", "schools", "test_kind"} <= set(report_kinds())
        target = tmp_path / "t.xlsx"
        call_command("export_report", "test_kind", "--count", "5", "--output", str(target), stdout=StringIO())
        assert _sheet(target)["A4"].value == "5 шт."
    finally:
        xlsx._REPORT_KINDS.pop("test_kind")


# --- round trip ------------------------------------------------------------------------------------------------

def _responsible(item: RoadmapItem):
    return (sorted(o.name_key for o in item.responsible_officials.all()),
            sorted(o.pk for o in item.responsible_organizations.all()), item.all_schools)


@pytest.mark.parametrize("seed", ["000_9185a89d1fab58bd.txt", "001_2b9de425867dbd7b.txt"])
def test_round_trip_export_then_import_gives_the_same_items(db, seed, tmp_path):
    reference_data_load(path=BASE / "fixtures" / "reference.json")
    with (SEEDS / seed).open("rb") as file:
        original = order_import(data=read_document(file, name=seed))
    # An officer moved one deadline by hand: the dates travel in their own columns.
    moved = original.items.order_by("position").first()
    moved.deadline_end = moved.deadline_end + timedelta(days=10)
    moved.save()
    target = tmp_path / "export.xlsx"
    call_command("export_report", "roadmap", "--roadmap", str(original.pk), "--output", str(target), stdout=StringIO())
    with target.open("rb") as file:
        document = read_document(file, name=target.name)
    assert document["order"] is None
    again = order_import(data=document, municipality=original.municipality)
    assert again.pk != original.pk and again.title == original.title
    assert again.academic_year == original.academic_year
    fields = ("number", "activity", "deadline_text", "deadline_start", "deadline_end", "responsible_text", "section")
    before = [(*(getattr(i, f) for f in fields), _responsible(i)) for i in original.items.order_by("position")]
    after = [(*(getattr(i, f) for f in fields), _responsible(i)) for i in again.items.order_by("position")]
    assert after == before
    assert Roadmap.objects.count() == 2


def test_round_trip_into_another_municipality_makes_its_own_people(db, tmp_path):
    reference_data_load(path=BASE / "fixtures" / "reference.json")
    seed = "000_9185a89d1fab58bd.txt"
    with (SEEDS / seed).open("rb") as file:
        original = order_import(data=read_document(file, name=seed))
    target = tmp_path / "export.xlsx"
    with target.open("wb") as out:
        roadmap_report_write(roadmap=original, user=None, target=out)
    with target.open("rb") as file:
        again = order_import(data=read_document(file, name=target.name), municipality=make_municipality("Другой"))
    item = again.items.get(number="2")
    assert sorted(o.short_name for o in item.responsible_officials.all()) == ["Павловец О.М.", "Плюснина И.П.",
                                                                             "Пьянова И.А."]
    assert {o.municipality for o in item.responsible_officials.all()} == {again.municipality}

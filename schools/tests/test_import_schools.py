"""Schools from Excel: upsert by (municipality, short name), a line per row, all or nothing, scope."""
import io
from io import StringIO

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.factories import make_municipality, make_school, make_user
from schools.importers import schools_import
from schools.models import Role, School
from schools.reports import schools_report_write

pytestmark = pytest.mark.django_db
HEADER = ["Муниципалитет", "Полное наименование", "Краткое наименование", "Руководитель", "Сайт",
          "Электронная почта"]


def _xlsx(rows, header=HEADER, title=True) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["Список школ"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def place():
    home = make_municipality("Гурьевский МО")
    away = make_municipality("Новокузнецк")
    school = make_school(home, short_name="МБОУ «Урская СОШ»", head_name="Руглова Н. А.",
                         website="https://ur.example.ru")
    return home, away, school


def test_rows_created_changed_unchanged(place):
    home, away, school = place
    file = _xlsx([
        ["Гурьевский МО", "Полное 1", "МБОУ «СОШ № 1»", "Иванов И. И.", "sosh1.example.ru", "sosh1@example.ru"],
        ["Гурьевский МО", school.full_name, "МБОУ «Урская СОШ»", "Руглова Н. А.", "https://ur.example.ru", ""],
        [away.name, "Полное 5", "МБОУ «СОШ № 5»", "", "", ""],  # by the full name too
    ])
    report = schools_import(file=file, name="школы.xlsx")
    assert [(r.row, r.action) for r in report.rows] == [(3, "created"), (4, "unchanged"), (5, "created")]
    assert report.written
    new = School.objects.get(short_name="МБОУ «СОШ № 1»")
    assert (new.municipality, new.website, new.email) == (home, "https://sosh1.example.ru", "sosh1@example.ru")
    assert School.objects.get(short_name="МБОУ «СОШ № 5»").municipality == away
    file = _xlsx([["Гурьевский МО", school.full_name, "мбоу «урская сош»", "Петров П. П.", "https://ur.example.ru",
                   "ur@example.ru"]])
    report = schools_import(file=file, name="школы.xlsx")
    assert (report.rows[0].action, report.rows[0].changes) == ("changed", ["руководитель", "e-mail"])
    school.refresh_from_db()
    assert (school.head_name, school.email) == ("Петров П. П.", "ur@example.ru")


REFUSALS = [
    (["Атлантида", "П", "МБОУ «А»", "", "", ""], "столбец A «Муниципалитет»: муниципалитет «Атлантида» не найден"),
    (["", "П", "МБОУ «А»", "", "", ""], "столбец A «Муниципалитет»: не заполнено"),
    (["Гурьевский МО", "П", "", "", "", ""], "столбец C «Краткое наименование»: не заполнено"),
    (["Гурьевский МО", "", "МБОУ «Новая»", "", "", ""], "столбец B «Полное наименование»: не заполнено (школа новая)"),
    (["Гурьевский МО", "П", "МБОУ «А»", "", "http://", ""], "столбец E «Сайт»: «http://» — неправильный адрес сайта"),
    (["Гурьевский МО", "П", "МБОУ «А»", "", "", "почта@"],
     "столбец F «Электронная почта»: «почта@» — неправильный адрес"),
    (["Гурьевский МО", "П" * 501, "МБОУ «А»", "", "", ""], "длиннее 500 знаков"),
]


@pytest.mark.parametrize(("row", "reason"), REFUSALS, ids=[r[1][:30] for r in REFUSALS])
def test_one_refused_row_and_nothing_is_written(place, row, reason):
    before = list(School.objects.values_list("pk", "short_name", "head_name"))
    file = _xlsx([["Гурьевский МО", "Полное", "МБОУ «СОШ № 2»", "", "", ""], row])
    report = schools_import(file=file, name="школы.xlsx")
    assert report.rows[0].action == "created" and report.rows[1].action == "refused"
    assert reason in report.rows[1].reason
    assert not report.written
    assert list(School.objects.values_list("pk", "short_name", "head_name")) == before


def test_same_school_twice_in_the_file_is_refused(place):
    row = ["Гурьевский МО", "Полное", "МБОУ «СОШ № 2»", "", "", ""]
    report = schools_import(file=_xlsx([row, row]), name="школы.xlsx")
    assert report.rows[1].reason == "та же школа уже есть в строке 3"
    assert not School.objects.filter(short_name="МБОУ «СОШ № 2»").exists()


def test_dry_run_reports_without_writing(place):
    report = schools_import(file=_xlsx([["Гурьевский МО", "Полное", "МБОУ «СОШ № 2»", "", "", ""]]),
                            name="школы.xlsx", dry_run=True)
    assert report.rows[0].action == "created" and not report.written
    assert not School.objects.filter(short_name="МБОУ «СОШ № 2»").exists()


def test_officer_upserts_only_in_own_municipality(place):
    home, away, _ = place
    officer = make_user("officer", role=Role.MUNICIPAL, municipality=home)
    file = _xlsx([["Гурьевский МО", "Полное", "МБОУ «СОШ № 2»", "", "", ""],
                  ["Новокузнецк", "Полное", "МБОУ «СОШ № 9»", "", "", ""]])
    report = schools_import(file=file, name="школы.xlsx", user=officer)
    assert report.rows[1].reason == "нет прав на школы муниципалитета «Новокузнецк»"
    assert not report.written
    head = make_user("head", role=Role.SCHOOL_HEAD, school=place[2])
    report = schools_import(file=_xlsx([["Гурьевский МО", "Полное", "МБОУ «СОШ № 2»", "", "", ""]]), name="s.xlsx",
                            user=head)
    assert report.refused == 1


@pytest.mark.parametrize(("header", "message"), [
    (HEADER + ["Бюджет"], "Файл «школы.xlsx», строка 2, столбец G «Бюджет»: неизвестный столбец"),
    (["Муниципалитет", "Краткое наименование", "Сайт"],
     "Файл «школы.xlsx», строка 2: нет столбца «Полное наименование»"),
    (["Город", "Название"], "не найдена строка заголовка"),
])
def test_bad_columns_name_file_row_and_column(place, header, message):
    with pytest.raises(ValidationError) as caught:
        schools_import(file=_xlsx([], header=header), name="школы.xlsx")
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(("data", "message"), [
    (b"%PDF-1.4 not a workbook", "не является документом допустимого типа"),
    (b"PK\x03\x04" + b"\0" * 100, "повреждён или обрезан"),
])
def test_wrong_or_broken_file(place, data, message):
    with pytest.raises(ValidationError, match=message):
        schools_import(file=io.BytesIO(data), name="школы.xlsx")


def test_optional_columns_left_out_are_not_touched_and_inactive_is_read(place):
    _, _, school = place
    file = _xlsx([["Гурьевский МО", school.full_name, school.short_name, "нет"]],
                 header=["Муниципалитет", "Полное наименование", "Краткое наименование", "Действует"])
    report = schools_import(file=file, name="школы.xlsx")
    assert report.rows[0].changes == ["действует"]
    school.refresh_from_db()
    assert not school.is_active and school.website == "https://ur.example.ru"


def test_round_trip_export_then_import_changes_nothing(place):
    buffer = io.BytesIO()
    schools_report_write(user=make_user("admin", role=Role.ADMIN), target=buffer)
    buffer.seek(0)
    report = schools_import(file=buffer, name="export.xlsx")
    assert [r.action for r in report.rows] == ["unchanged"] and not report.written


def test_command_prints_each_row_and_fails_on_refusal(place, tmp_path):
    path = tmp_path / "школы.xlsx"
    path.write_bytes(_xlsx([["Гурьевский МО", "Полное", "МБОУ «СОШ № 2»", "", "", ""]]).getvalue())
    out = StringIO()
    call_command("import_schools", str(path), "--dry-run", stdout=out)
    assert "Строка 3: МБОУ «СОШ № 2» (Гурьевский МО) — создана" in out.getvalue()
    assert "Пробный запуск" in out.getvalue() and not School.objects.filter(short_name="МБОУ «СОШ № 2»").exists()
    call_command("import_schools", str(path), stdout=StringIO())
    assert School.objects.filter(short_name="МБОУ «СОШ № 2»").exists()
    path.write_bytes(_xlsx([["Атлантида", "Полное", "МБОУ «СОШ № 3»", "", "", ""]]).getvalue())
    out = StringIO()
    with pytest.raises(CommandError, match="Ничего не записано"):
        call_command("import_schools", str(path), stdout=out)
    assert "отказ: столбец A «Муниципалитет»: муниципалитет «Атлантида» не найден" in out.getvalue()


def test_the_import_cap_not_the_evidence_cap_limits_a_schools_file(place, settings):
    """A schools file is read on the worker under IMPORT_MAX_UPLOAD_BYTES, not the 20 MB cap of evidence files."""
    settings.MAX_UPLOAD_BYTES = 1024  # any workbook is larger than this
    report = schools_import(file=_xlsx([["Гурьевский МО", "Полное", "МБОУ «СОШ № 2»", "", "", ""]]), name="s.xlsx",
                            dry_run=True)
    assert report.rows
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError):
        schools_import(file=_xlsx([["Гурьевский МО", "Полное", "МБОУ «СОШ № 2»", "", "", ""]]), name="s.xlsx",
                       dry_run=True)

"""Every layout, with the messy cells real files carry, reads to the same hand-counted participants."""
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from monitoring.vpr.importers.headers import header_field
from monitoring.vpr.importers.parser import parse_file
from monitoring.vpr.importers.reader import sniff_spreadsheet
from monitoring.vpr.samples import (
    csv_bytes, fis_rows, latin_2020_rows, ods_bytes, protocol_2022_rows, pupil, raw_dump_rows, xlsx_bytes,
)

from .conftest import small_schools
from .spreadsheets import xls_bytes

SCALE = "0-6:2,7-11:3,12-17:4,18-24:5"
META = {"year": 2026, "subject": "Русский язык", "grade": 4}

FORMATS = {
    "xlsx": xlsx_bytes,
    "xls": xls_bytes,
    "ods": ods_bytes,
    "csv": lambda rows, sheet=None: csv_bytes(rows),
}
BOTH_LAYOUTS = {
    # layout: (rows builder, scale, expected layout, file name without the extension)
    "fis": (lambda: fis_rows(**META, schools=small_schools()), "", "fis_individual", "Индивидуальные результаты"),
    "raw": (lambda: raw_dump_rows(schools=small_schools(), as_text=False), SCALE, "raw_dump",
            "ВПР 2026 Русский язык 4 класс"),
}
# Every format in both layouts: ФИС ОКО «Индивидуальные результаты» (title block, difficulty row, group rows,
# «X» / «не пройд.» / «нет отметки», an absent pupil) and the regional raw dump (login per row, no mark column).
MATRIX = [
    (f"{layout}-{ext}", f"{stem}.{ext}", (lambda build=build, write=write: write(build())), scale, expected)
    for layout, (build, scale, expected, stem) in BOTH_LAYOUTS.items()
    for ext, write in FORMATS.items()
]
LAYOUTS = MATRIX + [
    # (id, file name, bytes builder, scale, expected layout)
    ("raw-xlsx-text", "ВПР 2026 Русский язык 4 класс.xlsx",
     lambda: xlsx_bytes(raw_dump_rows(schools=small_schools())), SCALE, "raw_dump"),
    ("raw-xls-text", "ВПР 2026 Русский язык 4 класс.xls",
     lambda: xls_bytes(raw_dump_rows(schools=small_schools())), SCALE, "raw_dump"),
    ("raw-csv-cp1251", "ВПР 2026 Русский язык 4 класс.csv",
     lambda: csv_bytes(raw_dump_rows(schools=small_schools()), encoding="cp1251"), SCALE, "raw_dump"),
    ("raw-csv-comma", "ВПР 2026 Русский язык 4 класс.csv",
     lambda: csv_bytes(raw_dump_rows(schools=small_schools()), delimiter=","), SCALE, "raw_dump"),
    ("protocol-2022", "ВПР 2026 Русский язык 4 класс.xlsx",
     lambda: xlsx_bytes(protocol_2022_rows(schools=small_schools()), "Протокол"), SCALE, "protocol_2022"),
    ("latin-2020", "ВПР 2026 Русский язык 4 класс.xlsx",
     lambda: xlsx_bytes(latin_2020_rows(schools=small_schools())), SCALE, "latin_2020"),
    ("latin-2020-xls", "ВПР 2026 Русский язык 4 класс.xls",
     lambda: xls_bytes(latin_2020_rows(schools=small_schools())), SCALE, "latin_2020"),
]


def _groups(parsed):
    result = {}
    for login, school in parsed.schools.items():
        counts = {"n": 0, "lowered": 0, "confirmed": 0, "raised": 0, "without": 0}
        for *_, mark, journal in school.participants:
            counts["n"] += 1
            if journal is None:
                counts["without"] += 1
            else:
                counts["lowered" if mark < journal else "confirmed" if mark == journal else "raised"] += 1
        result[login] = counts
    return result


@pytest.mark.parametrize("name,build,scale,layout", [case[1:] for case in LAYOUTS], ids=[c[0] for c in LAYOUTS])
def test_every_layout_reads_the_same_participants(name, build, scale, layout):
    parsed = parse_file(io.BytesIO(build()), name=name, scale_text=scale)
    assert parsed.layout == layout
    assert (parsed.year, parsed.subject, parsed.grade, parsed.max_score) == (2026, "Русский язык", 4, 24)
    assert _groups(parsed) == {
        "edu420001": {"n": 4, "lowered": 1, "confirmed": 1, "raised": 1, "without": 1},
        "edu420002": {"n": 2, "lowered": 0, "confirmed": 1, "raised": 0, "without": 1},
        "edu999999": {"n": 1, "lowered": 1, "confirmed": 0, "raised": 0, "without": 0},
    }
    first = parsed.schools["edu420001"].participants[0]
    assert first[0] == "1" and first[4] == 20 and first[5] == 5 and first[6] == 4
    assert first[3][-1] is None  # the «X» / «не пройд.» task
    assert parsed.absent == 1
    assert any("отсутствовал" in w for w in parsed.warnings)


def test_fis_title_block_difficulty_and_group_rows():
    parsed = parse_file(io.BytesIO(xlsx_bytes(fis_rows(**META, schools=small_schools()))), name="f.xlsx")
    assert parsed.held_on.isoformat() == "2026-04-18"
    assert parsed.tasks[0] == {"name": "1", "max": 2, "level": "П"}
    assert parsed.tasks[8] == {"name": "9.1", "max": 1, "level": "Б"}
    school = parsed.schools["edu420001"]
    assert (school.name, school.declared) == ("МБОУ «СОШ № 1»", 4)


@pytest.mark.parametrize("header,expected", [
    ("1 (2б)", ("task", {"name": "1", "max": 2})),
    ("9.1 (1б)", ("task", {"name": "9.1", "max": 1})),
    ("a-9-1-grade", ("task", {"name": "9.1", "max": None})),
    ("Задание 3", ("task", {"name": "3", "max": None})),
    (7, ("task", {"name": "7", "max": None})),
    ("Код участника", ("code", None)),
    ("Отметка по журналу", ("journal_mark", None)),
    ("Отметка за предыдущую четверть/триместр", ("journal_mark", None)),
    ("Отметка за предыдущий триместр/ четверть/полугодие", ("journal_mark", None)),
    ("otc", ("journal_mark", None)),
    ("Отметка", ("mark", None)),
    ("Итого баллов", ("primary_score", None)),
    ("Первичный балл", ("primary_score", None)),
    ("Порядковый номер класса", ("class_number", None)),
    ("Логин школы", ("login", None)),
    ("Пользователь", ("login", None)),
    ("Пол", ("sex", None)),
    ("Дата загрузки", None),
])
def test_header_synonyms(header, expected):
    assert header_field(header) == expected


def _one_pupil_file(**cells):
    """A raw dump with one school and one pupil whose cells are overridden by ``cells`` (by header)."""
    rows = raw_dump_rows(schools=[{"login": "edu420001", "name": "СОШ", "pupils": [pupil(1, 20, 5, 4)]}],
                         as_text=False)
    header = rows[0]
    for key, value in cells.items():
        rows[1][header.index(key)] = value
    return io.BytesIO(xlsx_bytes(rows))


@pytest.mark.parametrize("cell,value,expected", [
    ("1", "X", None), ("1", "x", None), ("1", "Х", None), ("1", "не пройд.", None), ("1", None, None),
    ("1", "2", 2), ("1", 2.0, 2), ("1", "1,0", 1),
])
def test_task_cells(cell, value, expected):
    parsed = parse_file(_one_pupil_file(**{cell: value}), name="ВПР 2026 Математика 4 класс.xlsx", scale_text=SCALE)
    assert parsed.schools["edu420001"].participants[0][3][0] == expected


@pytest.mark.parametrize("value,expected", [
    ("нет отметки", None), (None, None), ("-", None), ("5", 5), (4.0, 4), ("3", 3),
])
def test_journal_mark_cells(value, expected):
    parsed = parse_file(_one_pupil_file(**{"Отметка за предыдущую четверть/триместр": value}),
                        name="ВПР 2026 Математика 4 класс.xlsx", scale_text=SCALE)
    assert parsed.schools["edu420001"].participants[0][6] == expected


def test_mark_from_scale_when_the_file_has_none():
    parsed = parse_file(_one_pupil_file(**{"Итого баллов": 11}), name="ВПР 2026 Математика 4 класс.xlsx",
                        scale_text=SCALE)
    assert parsed.schools["edu420001"].participants[0][4:6] == (11, 3)


def test_login_inside_a_prefixed_cell():
    parsed = parse_file(_one_pupil_file(**{"Логин школы": "reg42_m019 / EDU420001"}),
                        name="ВПР 2026 Математика 4 класс.xlsx", scale_text=SCALE)
    assert list(parsed.schools) == ["edu420001"]


@pytest.mark.parametrize("cells,scale,message", [
    ({"3": "много"}, SCALE, "строка 2, столбец «3» (K): балл за задание — не число («много»)"),
    ({"3": -1}, SCALE, "строка 2, столбец «3» (K): балл -1 вне допустимого"),
    ({"Итого баллов": 31}, SCALE, "строка 2, столбец «Итого баллов» (H): первичный балл 31 вне допустимого (0–24)"),
    ({"Итого баллов": 2.5}, SCALE, "первичный балл должен быть целым"),
    ({"Отметка за предыдущую четверть/триместр": 7}, SCALE, "отметка по журналу 7 вне допустимого"),
    ({"Отметка за предыдущую четверть/триместр": "хорошо"}, SCALE, "столбец «Отметка за предыдущую четверть/триместр» (D)"),
    ({"Логин школы": "школа № 1"}, SCALE, "не указана школа"),
    ({}, "", "нет столбца «Отметка» — укажите шкалу перевода"),
    ({}, "0-6:2,8-11:3", "не идут подряд"),
])
def test_unreadable_input_names_file_row_and_column(cells, scale, message):
    with pytest.raises(ValidationError) as caught:
        parse_file(_one_pupil_file(**cells), name="ВПР 2026 Математика 4 класс.xlsx", scale_text=scale)
    text = " ".join(caught.value.messages)
    assert message in text
    if "строка" in message:
        assert "Файл «ВПР 2026 Математика 4 класс.xlsx»" in text


def test_duplicate_code_in_one_school_is_refused_but_codes_restart_per_school():
    schools = [{"login": "edu420001", "name": "СОШ 1", "pupils": [pupil(1, 20, 5, 4), pupil(1, 10, 3, 3)]}]
    with pytest.raises(ValidationError, match="код участника «1» уже встречался"):
        parse_file(io.BytesIO(xlsx_bytes(fis_rows(**META, schools=schools))), name="f.xlsx")
    schools = [{"login": "edu420001", "name": "СОШ 1", "pupils": [pupil(1, 20, 5, 4)]},
               {"login": "edu420002", "name": "СОШ 2", "pupils": [pupil(1, 10, 3, 3)]}]
    parsed = parse_file(io.BytesIO(xlsx_bytes(fis_rows(**META, schools=schools))), name="f.xlsx")
    assert parsed.participants == 2


FILES = Path(__file__).parent / "files"


def _zip(entries: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path, text in entries.items():
            archive.writestr(path, text)
    return out.getvalue()


def _broken_sheet_xlsx() -> bytes:
    """A well-formed workbook whose sheet XML is cut off in the middle of a row."""
    good = io.BytesIO(xlsx_bytes(fis_rows(**META, schools=small_schools())))
    out = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(info.filename, data)
    return out.getvalue()


NOT_RESULTS = [
    # (id, content builder, file name, what the message says)
    ("empty", lambda: b"", "Пустой.xlsx", "пуст"),
    ("binary", lambda: b"\x00\x01\x02binary", "Результаты.xlsx", "не является таблицей"),
    ("png", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "Скан протокола.xlsx", "не является таблицей"),
    ("zip-cut", lambda: b"PK\x03\x04broken", "Обрезанный.xlsx", "повреждён"),
    ("xlsx-cut", lambda: xlsx_bytes(fis_rows(**META, schools=small_schools()))[:3000], "Недокачанный.xlsx",
     "повреждён"),
    ("sheet-cut", _broken_sheet_xlsx, "Испорченный лист.xlsx", "повреждён"),
    ("docx", lambda: _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
     "Приказ.xlsx", "архив, но не таблица"),
    ("ole-not-xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "Старый документ.xls",
     "повреждён или не является таблицей"),
    ("password", lambda: (FILES / "password.xlsx").read_bytes(), "С паролем.xlsx", "защищён паролем"),
    ("text", lambda: "Просто текст\nбез таблицы\n".encode(), "Заметки.csv", "не найдена строка заголовков"),
]


@pytest.mark.parametrize("build,name,message", [case[1:] for case in NOT_RESULTS], ids=[c[0] for c in NOT_RESULTS])
def test_not_a_results_file(build, name, message):
    """Whatever the bytes, the message is Russian and names the file (calamine's own English stays in the log)."""
    with pytest.raises(ValidationError) as caught:
        parse_file(io.BytesIO(build()), name=name)
    text = " ".join(caught.value.messages)
    assert message in text
    assert f"«{name}»" in text
    rest = text.replace(name, "")
    for word in ("Excel", "LibreOffice", "XLSX", "XLS", "ODS", "CSV", "UTF-8", "Windows-1251"):
        rest = rest.replace(word, "")
    assert not re.search(r"[A-Za-z]{2,}", rest), text


@pytest.mark.parametrize("case_id,name,build,scale,layout", MATRIX, ids=[c[0] for c in MATRIX])
def test_the_format_is_told_by_content(case_id, name, build, scale, layout):
    """Each file of the matrix is read as what it is (by its bytes), and a wrong extension does not matter."""
    kind = name.rsplit(".", 1)[1]
    data = build()
    assert sniff_spreadsheet(io.BytesIO(data), name) == kind
    renamed = parse_file(io.BytesIO(data), name=name.rsplit(".", 1)[0] + ".dat", scale_text=scale)
    assert renamed.participants == 7 and renamed.layout == layout


def test_no_title_needs_year_subject_grade():
    rows = raw_dump_rows(schools=small_schools())
    with pytest.raises(ValidationError, match="не удалось определить год, предмет, класс"):
        parse_file(io.BytesIO(csv_bytes(rows)), name="dump.csv", scale_text=SCALE)
    parsed = parse_file(io.BytesIO(csv_bytes(rows)), name="dump.csv", scale_text=SCALE,
                        overrides={"year": 2019, "subject": "Математика", "grade": 5})
    assert (parsed.year, parsed.subject, parsed.grade) == (2019, "Математика", 5)


def test_scale_must_end_at_the_maximum():
    with pytest.raises(ValidationError, match="заканчивается на 20 баллах, а максимальный первичный балл работы — 24"):
        parse_file(io.BytesIO(xlsx_bytes(fis_rows(**META, schools=small_schools()))), name="f.xlsx",
                   scale_text="0-6:2,7-11:3,12-17:4,18-20:5")


def test_zip_bomb_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    with pytest.raises(ValidationError, match="после распаковки слишком велик"):
        parse_file(io.BytesIO(out.getvalue()), name="bomb.xlsx")

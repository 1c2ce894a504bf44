"""The import's two ways through the rows give one result.

``RowReader`` reads runs of ordinary rows column by column (the fast path, what a million-row file needs) and
everything else row by row (the careful path, which explains bad cells). These tests read the same messy files
both ways, the second time with the fast path switched off, and compare participants, counts, warnings and
error messages (file, row, column) one for one.
"""
import io
import random

import pytest
from django.core.exceptions import ValidationError

from monitoring.vpr.importers import rows as rows_module
from monitoring.vpr.importers.parser import parse_file
from monitoring.vpr.samples import DEFAULT_TASKS, csv_bytes, fis_rows, raw_dump_rows, xlsx_bytes

from .spreadsheets import xls_bytes

SCALE = "0-6:2,7-11:3,12-17:4,18-24:5"
META = {"year": 2026, "subject": "Русский язык", "grade": 4}


def _mark(score: int) -> int:
    return 2 if score <= 6 else 3 if score <= 11 else 4 if score <= 17 else 5


def messy_schools(seed: int, schools: int = 12, pupils: int = 45) -> list[dict]:
    """Schools whose pupils carry every kind of cell: «X», absent pupils in the middle, empty and «нет отметки»
    journal marks, marks that disagree with the scale, class names first seen late in the file."""
    rng = random.Random(seed)
    made = []
    for s in range(schools):
        pupils_ = []
        for p in range(pupils):
            if rng.random() < 0.04:
                pupils_.append({"absent": True, "code": str(100 + p)})
                continue
            scores = [None if rng.random() < 0.1 else rng.randint(0, top) for _, top in DEFAULT_TASKS]
            primary = sum(v for v in scores if v is not None)
            mark = _mark(primary)
            if rng.random() < 0.03:
                mark = min(5, mark + 1)  # disagrees with the scale
            journal = None if rng.random() < 0.15 else rng.randint(2, 5)
            class_number = rng.choice([1, 2, 3]) if s < schools // 2 else rng.choice([1, "4А", "4Б"])
            pupils_.append({"code": str(100 + p), "class_number": class_number, "variant": rng.choice([1, 2]),
                            "scores": scores, "primary": primary, "mark": mark, "journal": journal})
        made.append({"login": f"edu{420100 + s}", "name": f"МБОУ «СОШ № {s + 1}»", "municipality": "Домашний",
                     "pupils": pupils_})
    return made


def _careful_only(monkeypatch):
    monkeypatch.setattr(rows_module.RowReader, "school_run",
                        lambda self, school, start, rows, codes: self.careful(start, rows))


def _read(data: bytes, name: str, scale: str):
    parsed = parse_file(io.BytesIO(data), name=name, scale_text=scale)
    return ({login: (school.name, school.declared, school.participants) for login, school in parsed.schools.items()},
            parsed.warnings, parsed.absent, parsed.participants)


FILES = [
    # (id, builder(seed) -> bytes, file name, scale)
    ("fis-xlsx", lambda seed: xlsx_bytes(fis_rows(**META, schools=messy_schools(seed))), "ф1.xlsx", SCALE),
    ("fis-xlsx-no-scale", lambda seed: xlsx_bytes(fis_rows(**META, schools=messy_schools(seed))), "ф1.xlsx", ""),
    ("fis-xls", lambda seed: xls_bytes(fis_rows(**META, schools=messy_schools(seed))), "ф1.xls", SCALE),
    ("raw-xlsx", lambda seed: xlsx_bytes(raw_dump_rows(schools=messy_schools(seed), as_text=False)),
     "ВПР 2026 Русский язык 4 класс.xlsx", SCALE),
    ("raw-xlsx-text", lambda seed: xlsx_bytes(raw_dump_rows(schools=messy_schools(seed))),
     "ВПР 2026 Русский язык 4 класс.xlsx", SCALE),
    ("raw-csv", lambda seed: csv_bytes(raw_dump_rows(schools=messy_schools(seed))),
     "ВПР 2026 Русский язык 4 класс.csv", SCALE),
]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("build,name,scale", [f[1:] for f in FILES], ids=[f[0] for f in FILES])
def test_fast_and_careful_paths_read_the_same(build, name, scale, seed, monkeypatch):
    data = build(seed)
    fast_rows = []
    read_run = rows_module.RowReader._read_run

    def counting(self, *args):
        read = read_run(self, *args)
        fast_rows.append(len(read[0]) if read else 0)
        return read

    monkeypatch.setattr(rows_module.RowReader, "_read_run", counting)
    fast = _read(data, name, scale)
    assert sum(fast_rows) > fast[3] * 0.6  # most participants did come the fast way
    _careful_only(monkeypatch)
    careful = _read(data, name, scale)
    assert fast == careful
    schools, warnings, absent, participants = fast
    assert len(schools) == 12 and participants > 12 * 38 and absent > 0
    if name.startswith("ф1") and scale:
        assert any("не совпадает со шкалой" in w for w in warnings)
    if not name.startswith("ф1"):
        assert any("вычислена по шкале" in w for w in warnings)


def _with_cell(rows: list[list], row_index: int, header: str, value) -> list[list]:
    header_row = next(r for r in rows if header in r)
    rows[row_index][header_row.index(header)] = value
    return rows


BAD_CELLS = [
    # (id, header, value, what the message says) — put into a pupil row deep inside the fifth school
    ("word-in-task", "3 (3б)", "много", "балл за задание — не число («много»)"),
    ("task-over-max", "3 (3б)", 7, "балл 7 вне допустимого (0–3)"),
    ("negative-task", "1 (2б)", -1, "балл -1 вне допустимого"),
    ("primary-over-max", "Первичный балл", 31, "первичный балл 31 вне допустимого (0–24)"),
    ("fraction", "Первичный балл", 2.5, "первичный балл должен быть целым"),
    ("mark-out-of-range", "Отметка", 7, "отметка 7 вне допустимого"),
    ("journal-word", "Отметка по журналу", "хорошо", "отметка по журналу — не число («хорошо»)"),
    ("duplicate-code", "Код участника", "101", "код участника «101» уже встречался в этой школе"),
]


@pytest.mark.parametrize("header,value,message", [c[1:] for c in BAD_CELLS], ids=[c[0] for c in BAD_CELLS])
def test_a_bad_cell_deep_in_a_run_is_named_alike(header, value, message, monkeypatch):
    """The fast path gives a run with a bad cell back to the careful path: the same message, the same row."""
    schools = messy_schools(5)
    for school in schools:  # no absent pupils: row numbers below are exact
        school["pupils"] = [p for p in school["pupils"] if not p.get("absent")]
    rows = fis_rows(**META, schools=schools)
    first_of_fifth = next(i for i, r in enumerate(rows) if r and isinstance(r[0], str) and "СОШ № 5»" in r[0])
    target = first_of_fifth + 30
    data = xlsx_bytes(_with_cell(rows, target, header, value))
    messages = []
    for careful in (False, True):
        if careful:
            _careful_only(monkeypatch)
        with pytest.raises(ValidationError) as caught:
            parse_file(io.BytesIO(data), name="ф1.xlsx", scale_text=SCALE)
        messages.append(" ".join(caught.value.messages))
    assert messages[0] == messages[1]
    assert message in messages[0]
    assert f"Файл «ф1.xlsx», лист «Индивидуальные результаты», строка {target + 1}, столбец «{header}»" in messages[0]

"""A school's schedule as it publishes it (an Excel table) → rows for the schedule service.

upload → ``read_workbook`` (cells as JSON-safe values, kept in the session) → ``guess_mapping`` (header synonyms)
→ the officer or head confirms / corrects the mapping → ``apply_mapping`` (each row read or refused with a
reason in Russian) → ``schedule_import`` writes all or nothing.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError

from core.uploads import XLSX, validate_upload

from .choices import Form, Level
from .parsing import parse_class, parse_date, parse_form, parse_hours, parse_lesson, parse_level, subject_key

MAX_ROWS = 5000
HEADER_SCAN_ROWS = 25


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    required: bool
    synonyms: tuple[str, ...]


FIELDS = (
    Field("class", "Класс или параллель", True, ("класс", "классы", "параллель", "класс/параллель", "кл")),
    Field("subject", "Предмет", True, ("предмет", "учебный предмет", "дисциплина", "предмет/курс")),
    Field("date", "Дата", True, ("дата", "дата проведения", "срок проведения", "дата работы", "число")),
    Field("lesson", "Номер урока", False, ("урок", "номер урока", "№ урока", "урок №", "№ урока по расписанию")),
    Field("level", "Уровень (федеральная, региональная, школьная)", False,
          ("уровень", "уровень процедуры", "вид", "вид процедуры", "уровень проведения")),
    Field("form", "Форма (контрольная, проверочная, диагностическая работа)", False,
          ("форма", "форма работы", "форма процедуры", "оценочная процедура", "вид работы", "тип работы",
           "наименование работы", "работа")),
)
HOURS_FIELDS = (
    Field("class", "Класс или параллель", True, ("класс", "параллель", "классы")),
    Field("subject", "Предмет", True, ("предмет", "учебный предмет")),
    Field("hours", "Часов в год", True, ("часов в год", "часы в год", "кол-во часов в год", "количество часов в год",
                                         "часов", "часы", "годовая нагрузка")),
)


def _norm(text) -> str:
    return re.sub(r"[\s:.]+", " ", str(text or "")).strip().lower().replace("ё", "е")


def _cell(value):
    """JSON-safe: dates become dd.mm.yyyy text (parse_date reads it back)."""
    if isinstance(value, (datetime, date)):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)  # times, durations, errors: kept as text, JSON-safe for the session


def read_workbook(upload) -> dict:
    """{"sheets": [{"title": …, "rows": [[cell, …], …]}]}; a ValidationError in Russian when it is not a table."""
    from openpyxl import load_workbook

    validate_upload(upload, allowed=(XLSX,), max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES)
    try:
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValidationError(f"Файл «{upload.name}» не удаётся прочитать как таблицу Excel.") from exc
    sheets = []
    for sheet in workbook.worksheets:
        rows = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                workbook.close()
                raise ValidationError(f"В листе «{sheet.title}» больше {MAX_ROWS} строк: это не похоже на график.")
            rows.append([_cell(v) for v in values])
        while rows and not any(v not in (None, "") for v in rows[-1]):
            rows.pop()
        sheets.append({"title": sheet.title, "rows": rows})
    workbook.close()
    if not any(sheet["rows"] for sheet in sheets):
        raise ValidationError(f"В файле «{upload.name}» нет ни одной заполненной строки.")
    return {"sheets": sheets}


def _match(header, fields) -> str | None:
    text = _norm(header)
    if not text:
        return None
    for f in fields:
        if text in f.synonyms:
            return f.code
    for f in fields:  # «Дата проведения работы», «Предмет (курс)»
        if any(text.startswith(s) for s in f.synonyms if len(s) > 3):
            return f.code
    return None


def _header_guess(rows, fields) -> tuple[int, dict[str, int]]:
    best, best_map = 0, {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping = {}
        for column, value in enumerate(row):
            code = _match(value, fields)
            if code and code not in mapping:
                mapping[code] = column
        if len(mapping) > len(best_map):
            best, best_map = index, mapping
    return best, best_map


def guess_mapping(workbook: dict) -> dict:
    """The sheet, header row (0-based) and column per field that the header synonyms suggest."""
    guesses = []
    for index, sheet in enumerate(workbook["sheets"]):
        header_row, mapping = _header_guess(sheet["rows"], FIELDS)
        guesses.append((len(mapping), -index, {"sheet": index, "header_row": header_row, "columns": mapping}))
    return max(guesses, key=lambda g: (g[0], g[1]))[2]


def headers(workbook: dict, sheet: int, header_row: int) -> list[str]:
    rows = workbook["sheets"][sheet]["rows"]
    row = rows[header_row] if header_row < len(rows) else []
    return [str(v) if v not in (None, "") else f"столбец {i + 1}" for i, v in enumerate(row)]


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)  # each: source_row, values..., error
    hours: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required fields without a column

    @property
    def errors(self) -> list[dict]:
        return [r for r in self.rows if r["error"]]

    @property
    def ok(self) -> bool:
        return not self.missing and bool(self.rows) and not self.errors


def _value(row, column):
    return row[column] if column is not None and column < len(row) else None


def apply_mapping(workbook: dict, *, sheet: int, header_row: int, columns: dict[str, int | None]) -> Preview:
    preview = Preview(missing=[f.label for f in FIELDS if f.required and columns.get(f.code) is None])
    if preview.missing:
        return preview
    rows = workbook["sheets"][sheet]["rows"]
    for offset, row in enumerate(rows[header_row + 1:], start=header_row + 2):
        raw = {f.code: _value(row, columns.get(f.code)) for f in FIELDS}
        if all(v in (None, "") for v in raw.values()):
            continue
        preview.rows.append(_read_row(raw, offset))
    preview.hours = read_hours(workbook, skip_sheet=sheet)
    return preview


def _read_row(raw: dict, source_row: int) -> dict:
    problems = []
    klass = parse_class(raw["class"])
    if klass is None:
        problems.append(f"класс «{raw['class'] or ''}» не распознан (ожидается, например, «5А» или «5»)")
    subject = re.sub(r"\s+", " ", str(raw["subject"] or "")).strip()
    if not subject:
        problems.append("не указан предмет")
    day = parse_date(raw["date"])
    if day is None:
        problems.append(f"дата «{raw['date'] or ''}» не распознана (ожидается ДД.ММ.ГГГГ)")
    lesson = parse_lesson(raw["lesson"])
    if raw["lesson"] not in (None, "") and lesson is None:
        problems.append(f"номер урока «{raw['lesson']}» не распознан")
    level, form = parse_level(raw["level"]), parse_form(raw["form"])
    if level is None:
        problems.append(f"уровень «{raw['level']}» не распознан (федеральная, региональная, школьная)")
    if form is None:
        problems.append(f"форма «{raw['form']}» не распознана (контрольная, проверочная, диагностическая работа)")
    return {
        "source_row": source_row, "parallel": klass[0] if klass else None, "letter": klass[1] if klass else "",
        "subject": subject[:200], "date": day.isoformat() if day else None, "lesson": lesson, "level": level,
        "form": form, "raw": {k: "" if v is None else str(v) for k, v in raw.items()},
        "level_label": Level(level).label if level else "", "form_label": Form(form).label if form else "",
        "error": _sentence("; ".join(problems)),
    }


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def read_hours(workbook: dict, *, skip_sheet: int | None = None) -> list[dict]:
    """Hours a year per parallel and subject from a sheet headed like a curriculum (Класс | Предмет | Часов в год)."""
    found = {}
    for index, sheet in enumerate(workbook["sheets"]):
        if index == skip_sheet:
            continue
        header_row, mapping = _header_guess(sheet["rows"], HOURS_FIELDS)
        if len(mapping) < len(HOURS_FIELDS):
            continue
        for row in sheet["rows"][header_row + 1:]:
            klass = parse_class(_value(row, mapping["class"]))
            subject = re.sub(r"\s+", " ", str(_value(row, mapping["subject"]) or "")).strip()
            hours = parse_hours(_value(row, mapping["hours"]))
            if klass and subject and hours:
                found[(klass[0], subject_key(subject))] = {"parallel": klass[0], "subject": subject[:200],
                                                           "hours": hours}
    return list(found.values())


# --- attendance lists of events --------------------------------------------------------------

ATTENDANCE_FIELDS = (
    Field("person", "ФИО", True, ("фио", "ф и о", "фамилия имя отчество", "участник", "слушатель", "фио участника")),
    Field("position", "Должность", False, ("должность", "должность участника")),
    Field("school", "Школа", True, ("оо", "школа", "образовательная организация", "организация", "учреждение",
                                    "место работы", "наименование оо")),
    Field("certificate", "Номер удостоверения", False, ("номер удостоверения", "удостоверение", "№ удостоверения",
                                                        "регистрационный номер")),
)


def _school_key(name) -> str:
    return re.sub(r"[«»\"'“”„\s]+", " ", str(name or "")).strip().lower().replace("ё", "е")


def read_attendance(workbook: dict, schools) -> tuple[list[dict], list[str]]:
    """Rows of an attendance list matched to ``schools`` by short or full name; (rows, errors in Russian)."""
    by_name = {}
    for school in schools:
        by_name[_school_key(school.short_name)] = school
        by_name[_school_key(school.full_name)] = school
    for sheet in workbook["sheets"]:
        header_row, mapping = _header_guess(sheet["rows"], ATTENDANCE_FIELDS)
        if "person" in mapping and "school" in mapping:
            break
    else:
        return [], ["В файле не найдены столбцы «ФИО» и «ОО» (школа)."]
    rows, errors = [], []
    for number, row in enumerate(sheet["rows"][header_row + 1:], start=header_row + 2):
        person = re.sub(r"\s+", " ", str(_value(row, mapping["person"]) or "")).strip()
        school_name = str(_value(row, mapping["school"]) or "").strip()
        if not person and not school_name:
            continue
        school = by_name.get(_school_key(school_name))
        if not person:
            errors.append(f"Строка {number}: не указано ФИО.")
        elif school is None:
            errors.append(f"Строка {number}: школа «{school_name}» не найдена среди школ муниципалитета.")
        else:
            rows.append({"school": school, "person": person,
                         "position": str(_value(row, mapping.get("position")) or "").strip(),
                         "certificate_number": str(_value(row, mapping.get("certificate")) or "").strip()})
    if not rows and not errors:
        errors.append("В списке нет ни одного участника.")
    return rows, errors

"""Participants' results from a ФИС ОКО or regional spreadsheet, whatever its layout.

Layouts (all found through the synonyms in ``headers``):
- «Индивидуальные результаты» (Ф1): title block, «Максимальный первичный балл: 24», a difficulty row Б / П,
  the header, then per school a group row «МБОУ «СОШ № 1» (edu203389) | Кол-во участников: 89» and its pupils;
- regional raw dumps: a login column (sch… / edu…), no ВПР mark (it comes from the conversion scale);
- the 2022 «Протокол» (Пользователь | … | Код | Вариант | tasks | Наименование класса | … | Итого баллов);
- the 2020 dump with Latin headers (user, code, otc, klass, var-1, sum, a-1-grade …).

An absent pupil (variant «отсутствовал», or no result at all) is no participant. Every problem that makes a
row unreadable raises a Russian ValidationError naming the file, sheet, row and column; everything else is a
warning the preview shows before anything is written.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice

from django.core.exceptions import ValidationError

from ..scale import mark_lookup, parse_scale
from .headers import DIFFICULTY_ROW, is_header_row, normalize
from .reader import Sheet, read_spreadsheet
from .rows import RowReader, Where, text_of

SUBJECTS = (
    "Русский язык", "Математика", "Окружающий мир", "История", "Биология", "География", "Обществознание",
    "Физика", "Химия", "Английский язык", "Немецкий язык", "Французский язык", "Иностранный язык",
    "Информатика", "Литература",
)
HEADER_SEARCH_ROWS = 60
MAX_SCORE = re.compile(r"максимальн\w*\s+первичн\w*\s+балл\w*\s*:?\s*(\d+)", re.IGNORECASE)
TITLE = re.compile(r"ВПР\s+(20\d\d)\s+(.+?)\s+(\d{1,2})\s*(?:класс|кл\b)", re.IGNORECASE)
YEAR = re.compile(r"\b(20[12]\d)\b")
GRADE = re.compile(r"\b(\d{1,2})\s*(?:класс|кл\b|-?й\s+класс)", re.IGNORECASE)
DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(20\d\d)\b")
LAYOUT_LABELS = {
    "fis_individual": "ФИС ОКО «Индивидуальные результаты»",
    "raw_dump": "региональная выгрузка без отметки",
    "protocol_2022": "протокол 2022 года",
    "latin_2020": "выгрузка 2020 года (латинские заголовки)",
}


@dataclass
class ParsedSchool:
    login: str
    name: str = ""
    declared: int | None = None
    row: int = 0
    # (code, class_number, variant, scores, primary, mark, journal_mark)
    participants: list[tuple] = field(default_factory=list)
    codes: set = field(default_factory=set, repr=False)


@dataclass
class ParsedFile:
    file_name: str
    sheet: str
    layout: str
    year: int
    subject: str
    grade: int
    max_score: int
    held_on: date | None
    tasks: list[dict]
    scale: list[list[int]]
    schools: dict[str, ParsedSchool]
    warnings: list[str]
    absent: int = 0

    @property
    def participants(self) -> int:
        return sum(len(s.participants) for s in self.schools.values())

    @property
    def layout_label(self) -> str:
        return LAYOUT_LABELS.get(self.layout, self.layout)


def _meta_from_text(texts: list[str]) -> dict:
    joined = " ".join(t for t in texts if t)
    meta: dict = {}
    match = TITLE.search(joined)
    if match:
        meta.update(year=int(match.group(1)), subject=match.group(2).strip(" .,:«»\""), grade=int(match.group(3)))
    else:
        if (m := YEAR.search(joined)):
            meta["year"] = int(m.group(1))
        if (m := GRADE.search(joined)):
            meta["grade"] = int(m.group(1))
        lowered = joined.lower()
        for subject in SUBJECTS:
            if subject.lower() in lowered:
                meta["subject"] = subject
                break
    if "subject" in meta:
        for subject in SUBJECTS:
            if subject.lower() == meta["subject"].lower():
                meta["subject"] = subject
    if (m := MAX_SCORE.search(joined)):
        meta["max_score"] = int(m.group(1))
    if (m := DATE.search(joined)):
        try:
            meta["held_on"] = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    return meta


def _find_header(head: list[list]) -> tuple[int, dict] | None:
    for index, row in enumerate(head):
        found = is_header_row(row)
        if found:
            return index, found
    return None


def _layout(fields: dict, headers: list) -> str:
    texts = {normalize(h) for h in headers if h is not None}
    if {"user", "otc"} & texts or "sum" in texts:
        return "latin_2020"
    if "пользователь" in texts or "дата загрузки" in texts:
        return "protocol_2022"
    if "mark" in fields:
        return "fis_individual"
    return "raw_dump"


def parse_file(handle, *, name: str, scale_text: str = "", overrides: dict | None = None) -> ParsedFile:
    """Read and check the whole file; nothing is written. ``overrides``: year, subject, grade, max_score."""
    sheets = read_spreadsheet(handle, name=name)
    found = []
    for sheet in sheets:
        rows = sheet.iter_rows()
        head = list(islice(rows, HEADER_SEARCH_ROWS))
        header = _find_header(head)
        if header:
            found.append((sheet, head, rows, header))
    if not found:
        raise ValidationError(
            f"Файл «{name}»: не найдена строка заголовков с кодом участника и баллами. Ожидаются столбцы "
            "«Код участника», «Вариант», задания («1 (2б)»), «Первичный балл», «Отметка», «Отметка по журналу».")
    if len(found) > 1:
        names = ", ".join(f"«{sheet.name}»" for sheet, *_ in found)
        raise ValidationError(f"Файл «{name}» содержит несколько работ (листы {names}): загрузите их по одной.")
    sheet, head, rest, (header_index, header) = found[0]
    return _parse_sheet(sheet, head, rest, header_index, header, name=name, scale_text=scale_text,
                        overrides=overrides or {})


def _parse_sheet(sheet: Sheet, head: list[list], rest, header_index: int, header: dict, *, name: str,
                 scale_text: str, overrides: dict) -> ParsedFile:
    headers = head[header_index]
    fields, task_columns = header["fields"], header["tasks"]
    where = Where(name, sheet.name, headers)
    warnings: list[str] = []
    layout = _layout(fields, headers)

    title_texts = [text_of(v) for row in head[:header_index] for v in row if v not in (None, "")]
    levels: dict[int, str] = {}
    for row in head[:header_index]:
        if any(v is not None and normalize(v) == DIFFICULTY_ROW for v in row):
            levels = {col: text_of(row[col]) for col, _ in task_columns if col < len(row) and row[col] not in (None, "")}
    meta = _meta_from_text(title_texts + [sheet.name, name])
    meta.update({k: v for k, v in overrides.items() if v not in (None, "")})
    tasks = [{"name": task["name"], "max": task["max"], "level": levels.get(col, "")} for col, task in task_columns]
    task_sum = sum(t["max"] for t in tasks) if tasks and all(t["max"] for t in tasks) else None
    scale = parse_scale(scale_text) if scale_text else []
    max_score = meta.get("max_score") or task_sum or (scale[-1][1] if scale else None)
    missing = [label for key, label in (("year", "год"), ("subject", "предмет"), ("grade", "класс")) if not meta.get(key)]
    if missing:
        raise ValidationError(f"Файл «{name}»: не удалось определить {', '.join(missing)} работы по заголовку "
                              "(ожидается «ВПР 2026 Русский язык 4 класс»): укажите их при загрузке.")
    has_mark = "mark" in fields
    if not has_mark and not scale:
        raise ValidationError(f"Файл «{name}»: в файле нет столбца «Отметка» — укажите шкалу перевода первичного балла "
                              "в отметку (например, «0-6:2,7-11:3,12-17:4,18-24:5»).")
    if not max_score:
        raise ValidationError(f"Файл «{name}»: не указан максимальный первичный балл («Максимальный первичный балл: "
                              "24»), а у заданий нет максимумов: укажите шкалу перевода или максимум при загрузке.")
    if scale:
        scale = parse_scale(scale_text, max_score=max_score)
    if task_sum and task_sum != max_score:
        warnings.append(f"Сумма максимумов заданий ({task_sum}) не равна максимальному первичному баллу ({max_score}).")
    lookup = mark_lookup(scale) if scale else []

    reader = RowReader(fields=fields, task_cols=[c for c, _ in task_columns], task_max=[t["max"] for t in tasks],
                       max_score=max_score, has_mark=has_mark, lookup=lookup, where=where, width=len(headers),
                       make_school=lambda login, school_name, declared, row: ParsedSchool(
                           login=login, name=school_name, declared=declared, row=row))
    reader.read(chain(head[header_index + 1:], rest), header_index + 1)
    schools = reader.schools
    absent, no_result = reader.absent, reader.no_result
    computed_marks, disagreeing, disagree_rows = reader.computed_marks, reader.disagreeing, reader.disagree_rows
    for school in schools.values():
        school.codes = set()  # only needed while reading
    if not schools or not any(s.participants for s in schools.values()):
        raise ValidationError(f"Файл «{name}», лист «{sheet.name}»: нет ни одного участника с результатом.")
    for school in schools.values():
        if school.declared is not None and school.declared != len(school.participants):
            warnings.append(f"{school.name or school.login} ({school.login}): в строке школы указано участников "
                            f"{school.declared}, прочитано {len(school.participants)}.")
    if absent:
        warnings.append(f"Отсутствовавших учеников (вариант «отсутствовал»): {absent} — не участники, не учтены.")
    if no_result:
        warnings.append(f"Строк без баллов и отметки: {no_result} — считаются отсутствовавшими, не учтены.")
    if computed_marks:
        warnings.append(f"Отметка вычислена по шкале перевода для {computed_marks} участников.")
    if disagreeing:
        warnings.append(f"У {disagreeing} участников отметка в файле не совпадает со шкалой перевода "
                        f"(строки {', '.join(map(str, disagree_rows))}{' и др.' if disagreeing > 5 else ''}); "
                        "сохранена отметка из файла.")
    return ParsedFile(
        file_name=name, sheet=sheet.name, layout=layout, year=int(meta["year"]), subject=str(meta["subject"]),
        grade=int(meta["grade"]), max_score=int(max_score), held_on=_held_on(meta.get("held_on")), tasks=tasks,
        scale=scale, schools=schools, warnings=warnings, absent=absent + no_result,
    )


def _held_on(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None

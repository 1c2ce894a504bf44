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
from itertools import chain, islice
from datetime import date, datetime

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from ..scale import mark_lookup, parse_scale
from .headers import DIFFICULTY_ROW, GROUP_COUNT, LOGIN, is_header_row, normalize
from .reader import Sheet, read_spreadsheet

SUBJECTS = (
    "Русский язык", "Математика", "Окружающий мир", "История", "Биология", "География", "Обществознание",
    "Физика", "Химия", "Английский язык", "Немецкий язык", "Французский язык", "Иностранный язык",
    "Информатика", "Литература",
)
NOT_DONE = {"x", "х", "не пройд", "не пройд.", "не приступал", "-", "—", "н/п"}
NO_MARK = {"нет отметки", "нет", "-", "—", "н/а", "не аттестован", "н/а."}
ABSENT = "отсутств"
GROUP_ROW_LOGIN = re.compile(r"\(\s*(?:edu|sch)\d{3,}\s*\)", re.IGNORECASE)
HEADER_SEARCH_ROWS = 60
HEADER_TEXT = {"код участника", "код", "code"}
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


class _Where:
    """Where a cell is, for error messages: «файл «…», лист «…», строка 12, столбец «Отметка» (K)»."""

    def __init__(self, file_name: str, sheet: str, headers: list):
        self.file_name, self.sheet, self.headers = file_name, sheet, headers

    def __call__(self, row_index: int, col: int | None = None) -> str:
        text = f"Файл «{self.file_name}», лист «{self.sheet}», строка {row_index + 1}"
        if col is not None:
            header = self.headers[col] if col < len(self.headers) and self.headers[col] is not None else ""
            text += f", столбец «{str(header).strip()}» ({get_column_letter(col + 1)})"
        return text


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _int(value, where, row_index, col, *, what: str, none_texts=NOT_DONE):
    """An integer cell: 2, 2.0, «2», «2,0»; None for empty and «X» / «не пройд.»; otherwise an error."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{where(row_index, col)}: {what} — не число («{value}»).")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValidationError(f"{where(row_index, col)}: {what} должен быть целым, а не «{value}».")
    text = str(value).strip().lower()
    if not text or text in none_texts:
        return None
    text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValidationError(f"{where(row_index, col)}: {what} — не число («{str(value).strip()}»).") from None
    if not number.is_integer():
        raise ValidationError(f"{where(row_index, col)}: {what} должен быть целым, а не «{str(value).strip()}».")
    return int(number)


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
    where = _Where(name, sheet.name, headers)
    warnings: list[str] = []
    layout = _layout(fields, headers)

    title_texts = [_text(v) for row in head[:header_index] for v in row if v not in (None, "")]
    levels: dict[int, str] = {}
    for row in head[:header_index]:
        if any(v is not None and normalize(v) == DIFFICULTY_ROW for v in row):
            levels = {col: _text(row[col]) for col, _ in task_columns if col < len(row) and row[col] not in (None, "")}
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

    col = fields.get
    c_login, c_name, c_code, c_number = col("login"), col("school_name"), col("code"), col("number")
    c_class, c_variant, c_primary = col("class_number"), col("variant"), col("primary_score")
    c_mark, c_journal = col("mark"), col("journal_mark")
    task_cols = [c for c, _ in task_columns]
    task_max = [t["max"] for t in tasks]
    id_col = c_code if c_code is not None else c_number

    schools: dict[str, ParsedSchool] = {}
    current: ParsedSchool | None = None
    absent = no_result = computed_marks = disagreeing = 0
    disagree_rows: list[int] = []
    width = len(headers)

    logins_seen: dict[object, str | None] = {}  # raw login cell -> login (dumps repeat it on every row)
    task_spec = list(zip(task_cols, task_max))
    for index, row in enumerate(chain(head[header_index + 1:], rest), start=header_index + 1):
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        ident = row[id_col]
        kind = type(ident)
        if ident is None or ident == "" or (kind is str and not ident.strip().isdigit()):
            group = _group_row(row)
            if group:
                login, school_name, declared = group
                current = schools.get(login) or ParsedSchool(login=login, name=school_name, declared=declared,
                                                             row=index + 1)
                schools[login] = current
                continue
            if ident is None or _text(ident) == "":
                continue
        code = str(int(ident)) if kind is float and ident.is_integer() else _text(ident)
        if kind is str and not code.isdigit() and normalize(code) in HEADER_TEXT:
            continue  # a header repeated after a page break
        login = None
        if c_login is not None:
            raw_login = row[c_login]
            if raw_login in logins_seen:
                login = logins_seen[raw_login]
            elif raw_login is not None:
                match = LOGIN.search(str(raw_login))
                login = logins_seen[raw_login] = match.group(1).lower() if match else None
        if login is None:
            if current is None:
                raise ValidationError(f"{where(index, c_login)}: не указана школа — нет логина ОО (edu… / sch…) "
                                      "ни в строке, ни в строке школы перед ней.")
            school = current
        else:
            school = schools.get(login)
            if school is None:
                school_name = _text(row[c_name]) if c_name is not None else ""
                school = schools[login] = ParsedSchool(login=login, name=school_name, row=index + 1)
        variant = row[c_variant] if c_variant is not None else ""
        variant = str(int(variant)) if type(variant) is float and variant.is_integer() else _text(variant)
        if ABSENT in variant.lower():
            absent += 1
            continue
        scores = []
        for task_col, top in task_spec:
            value = row[task_col]
            if type(value) is float and value.is_integer():
                value = int(value)
            elif type(value) is not int:
                value = _int(value, where, index, task_col, what="балл за задание")
            if value is not None and (value < 0 or (top and value > top)):
                raise ValidationError(f"{where(index, task_col)}: балл {value} вне допустимого (0–{top or '…'}).")
            scores.append(value)
        primary = mark = None
        if c_primary is not None:
            primary = row[c_primary]
            if type(primary) is float and primary.is_integer():
                primary = int(primary)
            elif type(primary) is not int:
                primary = _int(primary, where, index, c_primary, what="первичный балл")
        if has_mark:
            mark = row[c_mark]
            if type(mark) is float and mark.is_integer():
                mark = int(mark)
            elif type(mark) is not int:
                mark = _int(mark, where, index, c_mark, what="отметка", none_texts=NO_MARK)
        if primary is None and mark is None and all(s is None for s in scores):
            no_result += 1
            continue
        if primary is None:
            primary = sum(s for s in scores if s is not None)
        if primary < 0 or primary > max_score:
            raise ValidationError(f"{where(index, c_primary)}: первичный балл {primary} вне допустимого (0–{max_score}).")
        if mark is not None and not 1 <= mark <= 5:
            raise ValidationError(f"{where(index, c_mark)}: отметка {mark} вне допустимого (2–5).")
        by_scale = lookup[primary] if lookup and primary < len(lookup) else None
        if mark is None:
            if by_scale is None:
                raise ValidationError(f"{where(index, c_mark)}: нет отметки, и её не из чего вычислить — укажите "
                                      "шкалу перевода.")
            mark = by_scale
            computed_marks += 1
        elif by_scale is not None and by_scale != mark:
            disagreeing += 1
            if len(disagree_rows) < 5:
                disagree_rows.append(index + 1)
        journal = None
        if c_journal is not None:
            journal = row[c_journal]
            if type(journal) is float and journal.is_integer():
                journal = int(journal)
            elif type(journal) is not int:
                journal = _int(journal, where, index, c_journal, what="отметка по журналу", none_texts=NO_MARK)
            if journal is not None and not 1 <= journal <= 5:
                raise ValidationError(f"{where(index, c_journal)}: отметка по журналу {journal} вне допустимого (1–5).")
        if code in school.codes:
            raise ValidationError(f"{where(index, id_col)}: код участника «{code}» уже встречался в этой школе "
                                  f"({school.login}).")
        school.codes.add(code)
        class_number = row[c_class] if c_class is not None else ""
        class_number = str(int(class_number)) if type(class_number) is float and class_number.is_integer() \
            else _text(class_number)
        school.participants.append((code, class_number[:20], variant[:20], tuple(scores), primary, mark, journal))

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


def _group_row(row: list) -> tuple[str, str, int | None] | None:
    """«МБОУ «СОШ № 1» (edu203389) | Кол-во участников: 89» -> (login, name, 89)."""
    if not any(isinstance(v, str) and (GROUP_ROW_LOGIN.search(v) or GROUP_COUNT.search(v)) for v in row):
        return None
    login = name = None
    declared = None
    for value in row:
        if value is None:
            continue
        text = str(value)
        if login is None and (match := LOGIN.search(text)):
            login = match.group(1).lower()
            name = re.sub(r"\(\s*" + re.escape(match.group(1)) + r"\s*\)", "", text, flags=re.IGNORECASE).strip(" |,;")
            name = GROUP_COUNT.sub("", name).strip(" |,;")
        if (match := GROUP_COUNT.search(text)):
            declared = int(match.group(1))
    if login is None:
        return None
    return login, name or "", declared

"""Which column of a roadmap table is which: one synonyms table for header words, header rows of one or two
lines («Срок» over «начала реализации | окончания реализации», or over «I квартал | II квартал ...»), and
columns placed by hand when the header says nothing we know (``import_order --columns``, the web mapping step).
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ..deadlines import parse_deadline
from .document import collapse

# THE synonyms table: header words -> column role. The first matching rule wins, so «Отметка об исполнении»
# is not «исполнитель» and «Наименование органа, ответственного за ...» is the responsible, not the activity.
HEADER_SYNONYMS = [
    ("ignore", re.compile(r"результат|отметк|примечани|статус|последнее изменение|просрочен|^выполнен|о выполнени"
                          r"|комментари|показател|форма (?:отч|предст)|финансир|источник|объ[её]м|базисн|отношение"
                          r"|значение")),
    ("number", re.compile(r"^(?:№|n|номер)(?:\s*(?:№|n))?\s*(?:п\s*[/.]\s*п\.?)?\.?$|^п\s*/\s*п\.?$")),
    ("start", re.compile(r"^(?:начал|дата начала|плановое начало|срок начала)")),
    ("end", re.compile(r"^(?:окончани|завершени|дата окончания|дата завершения|плановое окончание|срок окончания)")),
    ("responsible", re.compile(r"ответствен|исполнител|координатор|участник")),
    ("deadline", re.compile(r"^(?:сроки?|период|дата|когда|время)\b")),  # «Срок реализации мероприятия»
    ("activity", re.compile(r"мероприяти|содержание|наименование|направлени|деятельност|вид(?:ы)? работ|задач"
                            r"|^работа|действи")),
    ("deadline", re.compile(r"срок|период|дата|^когда|^время")),
]
ROLES = {"number": "№", "activity": "Мероприятие", "deadline": "Срок", "responsible": "Ответственный исполнитель",
         "start": "Начало срока", "end": "Окончание срока", "ignore": "Не загружать"}


def header_role(text: str) -> str | None:
    key = collapse(text).lower().replace("ё", "е")
    return next((name for name, rule in HEADER_SYNONYMS if rule.search(key)), None) if key else None


@dataclass
class Columns:
    roles: dict[str, int]  # role -> cell index
    headers: list[str]
    unknown: list[int] = field(default_factory=list)
    marks: dict[int, str] = field(default_factory=dict)  # «I квартал 2013 г.» columns ticked with «х»


def cell_text(value) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return "" if value is None else str(value)


def header_columns(cells: list) -> Columns | None:
    """The header row: «Мероприятие» and at least one more known column."""
    headers = [collapse(cell_text(c)) for c in cells]
    roles, unknown = {}, []
    for index, header in enumerate(headers):
        if not header:
            continue
        role = header_role(header)
        if role is None or (role != "ignore" and role in roles):
            unknown.append(index)
        elif role != "ignore":
            roles[role] = index
    if "activity" not in roles or len(roles) < 2:
        return None
    return Columns(roles, headers, unknown)


def mapped_columns(mapping: dict[str, int]):
    """A header finder for columns the officer placed by hand (role -> cell index): the first row with two or
    more filled cells is the header; columns left unplaced are not loaded."""
    def find(cells: list) -> Columns | None:
        headers = [collapse(cell_text(c)) for c in cells]
        if sum(1 for h in headers if h) < 2:
            return None
        headers += [""] * (max(mapping.values(), default=0) + 1 - len(headers))
        unknown = [i for i, h in enumerate(headers) if h and i not in mapping.values()]
        return Columns(dict(mapping), headers, unknown)
    return find


def guess_header(cells: list) -> Columns | None:
    """Any row of two or more filled cells: what the officer is asked to place when no header is recognized."""
    headers = [collapse(cell_text(c)) for c in cells]
    if sum(1 for h in headers if h) < 2:
        return None
    return Columns({}, headers, [i for i, h in enumerate(headers) if h])


def absorb_subheader(rows: list, columns: Columns) -> list:
    """A second header row under the first («Срок» over «начала реализации | окончания реализации», or over
    «I квартал 2013 г. | II квартал ...»): its columns take the roles it names; the row itself is no item."""
    if not rows:
        return rows
    row = rows[0]
    values = [collapse(cell_text(c)) for c in row.cells]
    own = [(i, v) for i, v in enumerate(values)
           if v and not (i < len(row.from_above) and row.from_above[i]) and v != _at(columns.headers, i)]
    activity_at = columns.roles.get("activity")
    if not own or (activity_at is not None and any(i == activity_at for i, _ in own)):
        return rows
    found = False
    for index, value in own:
        # The header cell above it, or the nearest one to its left (a header cell merged over several columns).
        above = next((columns.headers[i] for i in range(min(index, len(columns.headers) - 1), -1, -1)
                      if columns.headers[i]), "")
        if header_role(above) not in ("deadline", "start", "end"):
            continue
        role = header_role(value)
        if role in ("start", "end"):
            columns.roles[role] = index
            found = True
        elif _is_period_label(value):
            columns.marks[index] = value
            found = True
    if not found:
        return rows
    if columns.roles.get("deadline") in {i for i, _ in own} | set(columns.marks):
        columns.roles.pop("deadline")
    columns.unknown = [i for i in columns.unknown if i not in columns.marks and i not in columns.roles.values()]
    return rows[1:]


def _at(items: list, index: int):
    return items[index] if index < len(items) else ""


def _is_period_label(text: str) -> bool:
    deadline = parse_deadline(text)
    return deadline.recognized and deadline.kind in ("quarter", "month", "year")

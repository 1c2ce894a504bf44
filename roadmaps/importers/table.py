"""The roadmap table, whatever file it came from: rows of cells in, items out.

Copes with what real documents do: the header repeated after a page break, a row's tail on a row of its
own, section rows («I. Анализ работы ...») that are not items, «1», «1.», «1.1» numbers, extra columns
(«Результаты», «Отметка об исполнении»: not the responsible), a deadline only inside the activity text.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ..deadlines import Deadline, deadline_warnings, find_deadline_in_text, parse_deadline
from .columns import Columns, cell_text as _text, header_columns
from .document import Place, collapse, iso
from .responsible import parse_responsible

MAX_ROWS = 5000
ITEM_NUMBER_RE = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)[.)]?")
SECTION_RE = re.compile(r"(?:[IVXLC]{1,6}|Раздел\s+\S+)(?:[.)]|\s|$)", re.IGNORECASE)
_ROMAN_ONLY = re.compile(r"[IVXLC]{1,6}[.)]?")
_DATE_TOKEN = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")

REQUIRED = {"activity": "Мероприятие"}
_MARK = re.compile(r"[xхXХ+✓✔vV•]|да")


@dataclass
class SourceRow:
    cells: list  # str, or date/datetime from a spreadsheet
    label: str  # «строка 12», «таблица 2, строка 3»
    from_above: tuple[bool, ...] = ()  # a Word cell merged with the one above


def _is_index_row(values: list[str]) -> bool:
    """The «1 | 2 | 3 | 4» row under a header."""
    filled = [v for v in values if v]
    return len(filled) > 1 and all(v.rstrip(".") == str(n) for n, v in enumerate(filled, start=1))


@dataclass
class _Item:
    number: str
    label: str
    section: str
    activity: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    start: object = None
    end: object = None
    marked: list[str] = field(default_factory=list)  # labels of the period columns ticked in this row
    written_number: str = ""  # the number cell as written («1.»), for a numbered row that turns out a section


class TableReader:
    def __init__(self, *, file_name: str, column_name: Callable[[int], str], academic_year: int | None,
                 order_date: date | None, period: tuple[date, date] | None = None):
        self.file_name = file_name
        self.column_name = column_name
        self.academic_year = academic_year
        self.order_date = order_date
        self.period = period
        self.warnings: list[str] = []

    def place(self, row: str, columns: Columns | None = None, role: str | None = None) -> Place:
        column = ""
        if columns is not None and role in columns.roles:
            index = columns.roles[role]
            column = f"{self.column_name(index)} «{columns.headers[index]}»"
        return Place(self.file_name, row, column)

    def check_columns(self, columns: Columns, header_row: str) -> None:
        for role, title in REQUIRED.items():
            if role not in columns.roles:
                raise self.place(header_row).error(
                    f"нет столбца «{title}» (нужны столбцы № / Мероприятие / Срок / Ответственный исполнитель)."
                )
        if "deadline" not in columns.roles and "end" not in columns.roles and not columns.marks:
            self.warnings.append(f"{Place(self.file_name, header_row)}: нет столбца «Срок» — сроки укажите вручную.")
        if "responsible" not in columns.roles:
            self.warnings.append(f"{Place(self.file_name, header_row)}: нет столбца «Ответственный исполнитель» — "
                                 "ответственные не загружаются.")
        for index in columns.unknown:
            place = Place(self.file_name, header_row, f"{self.column_name(index)} «{columns.headers[index]}»")
            self.warnings.append(f"{place}: столбец не распознан и не загружается.")

    def items(self, rows: list[SourceRow], columns: Columns) -> list[dict]:
        if len(rows) > MAX_ROWS:
            raise Place(self.file_name).error(f"в таблице больше {MAX_ROWS} строк: это не похоже на дорожную карту.")
        items: list[_Item] = []
        section = ""
        header = [h for h in columns.headers]
        for row in rows:
            values = [collapse(_text(c)) if i != columns.roles.get("responsible") else _text(c).strip()
                      for i, c in enumerate(row.cells)]
            values += [""] * (len(columns.headers) - len(values))
            if not any(values) or _is_index_row(values) or header_columns(values) is not None \
                    or values[:len(header)] == header:
                continue
            current = items[-1] if items else None
            number_at = columns.roles.get("number")
            number = values[number_at] if number_at is not None else ""
            merged_number = number_at is not None and number_at < len(row.from_above) and row.from_above[number_at]
            distinct = {v for v in values if v}
            if number_at is None and (inline := _INLINE_NUMBER.match(values[columns.roles["activity"]])):
                # No «№» column: «1. Проведение ...» carries its number in the activity cell.
                number = inline.group(1)
                values[columns.roles["activity"]] = values[columns.roles["activity"]][inline.end():]
            match = ITEM_NUMBER_RE.fullmatch(number) if number and not merged_number else None
            if match:
                items.append(_Item(match.group(1), row.label, section, written_number=number))
            elif _ROMAN_ONLY.fullmatch(number) or (len(distinct) == 1 and _is_section(values, columns, current)):
                section = " ".join(dict.fromkeys(v for v in values if v))
                continue
            elif current is not None and number_at is not None and (not number or merged_number):
                pass  # the tail of the row above, carried over a page break
            elif number_at is None or (not number and len(distinct) > 1):
                # No numbers at all (or none yet in a row that is plainly an item): the item is unnumbered.
                items.append(_Item("" if number_at is not None else str(len(items) + 1), row.label, section))
            elif number:
                self.warnings.append(f"{self.place(row.label, columns, 'number')}: «{number}» не похоже на номер "
                                     "пункта; строка загружена как мероприятие с этим номером.")
                items.append(_Item(number.rstrip("."), row.label, section))
            else:
                self.warnings.append(f"{Place(self.file_name, row.label)}: строка до первого мероприятия пропущена.")
                continue
            self._fill(items[-1], row, values, columns)
        return [self._item(item, columns) for item in _numbered_sections(items)]

    def _fill(self, item: _Item, row: SourceRow, values: list[str], columns: Columns) -> None:
        for role, parts in (("activity", item.activity), ("deadline", item.deadline),
                            ("responsible", item.responsible)):
            index = columns.roles.get(role)
            if index is None or not values[index]:
                continue
            if parts and index < len(row.from_above) and row.from_above[index]:
                continue  # the same merged cell as the row above: already taken
            parts.append(values[index])
        for role in ("start", "end"):
            index = columns.roles.get(role)
            if index is not None and index < len(row.cells) and row.cells[index] not in (None, ""):
                setattr(item, role, (row.cells[index], row.label))
        for index, label in columns.marks.items():
            if index < len(values) and _MARK.fullmatch(values[index]) and label not in item.marked:
                item.marked.append(label)

    def _date(self, raw, columns: Columns, role: str) -> date | None:
        if raw is None:
            return None
        value, label = raw
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = collapse(str(value))
        if re.fullmatch(r"20\d\d|19\d\d", text):  # a year: its first day for a start, its last for an end
            return date(int(text), 1, 1) if role == "start" else date(int(text), 12, 31)
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2})", text)
        try:
            if match and match.group(1):
                return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            if match:
                return date(int(match.group(4)), int(match.group(5)), int(match.group(6)))
        except ValueError:
            pass
        raise self.place(label, columns, role).error(f"дата «{text}» не читается: нужна дата вида дд.мм.гггг.")

    def _item(self, item: _Item, columns: Columns) -> dict:
        activity = " ".join(item.activity)
        if not activity:
            raise self.place(item.label, columns, "activity").error(f"у мероприятия № {item.number} нет текста.")
        warnings: list[str] = []
        deadline = self._deadline(item, activity, columns, warnings)
        responsible_text = "\n".join(line.strip() for part in item.responsible for line in part.splitlines()
                                     if line.strip())
        responsible = parse_responsible(responsible_text)
        if not responsible:
            warnings.append("Ответственный исполнитель не указан")
        result = {
            "number": item.number, "activity": activity,
            "deadline": {"text": deadline.text, "start": iso(deadline.start), "end": iso(deadline.end)},
            "responsible": responsible, "responsible_text": responsible_text, "warnings": warnings,
        }
        if item.section:
            result["section"] = item.section
        if deadline.recurrence:
            result["deadline"]["recurrence"] = deadline.recurrence
        return result

    def _deadline(self, item: _Item, activity: str, columns: Columns, warnings: list[str]) -> Deadline:
        text = " ".join(item.deadline)
        for day, month, year in _DATE_TOKEN.findall(text):
            try:
                date(int(year), int(month), int(day))
            except ValueError:
                raise self.place(item.label, columns, "deadline").error(
                    f"дата «{day}.{month}.{year}» в сроке «{text}» не существует."
                ) from None
        start, end = self._date(item.start, columns, "start"), self._date(item.end, columns, "end")
        if not text and item.marked:  # ticked period columns: from the first ticked to the last
            text = item.marked[0] if len(item.marked) == 1 else f"{item.marked[0]} – {item.marked[-1]}"
        if not text and (start or end):  # start and end columns: the period as a person would write it
            text = " – ".join(_text(raw[0]) for raw in (item.start, item.end) if raw)
        if text:
            deadline = parse_deadline(text, academic_year=self.academic_year, reference_date=self.order_date,
                                      period=self.period)
        elif found := find_deadline_in_text(activity, academic_year=self.academic_year,
                                            reference_date=self.order_date):
            deadline = found
            warnings.append(f"Срок взят из текста мероприятия: «{found.text}»")
        else:
            deadline = Deadline("", None, None, False, "unknown")
        if start or end:
            deadline = replace(deadline, start=start, end=end, recognized=True)
        if not deadline.text and not deadline.recognized:
            warnings.append("Срок не указан: укажите даты вручную")
        else:
            warnings.extend(deadline_warnings(deadline, order_date=self.order_date))
        return deadline


_INLINE_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)[.)]\s+(?=\S)")


def _numbered_sections(items: list[_Item]) -> list[_Item]:
    """«1. | Обеспечение ... |  | » followed by «1.1», «1.2»: the numbered row is the section of its sub-items."""
    result: list[_Item] = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        heading = (following is not None and following.number.startswith(item.number + ".")
                   and item.activity and not (item.deadline or item.responsible or item.start or item.end
                                              or item.marked))
        if not heading:
            result.append(item)
            continue
        title = f"{item.written_number or item.number} {' '.join(item.activity)}".strip()
        for later in items[index + 1:]:
            if not later.number.startswith(item.number + "."):
                break
            later.section = title
    return result


def _is_section(values: list[str], columns: Columns, current: _Item | None) -> bool:
    """A row with one text that names a part of the plan rather than continuing the previous item."""
    text = next(v for v in values if v)
    if SECTION_RE.match(text):
        return True
    activity_at = columns.roles.get("activity")
    if activity_at is not None and values[activity_at] == text and len({v for v in values if v}) == 1 \
            and values.count(text) == 1:
        # Only the activity cell is filled: a tail of the previous item unless it reads as a new heading.
        if current is None:
            return True
        ended = (current.activity[-1] if current.activity else "").rstrip().endswith((".", ";", ":", ")", "»"))
        return text[:1].isupper() and ended
    return current is None or text[:1].isupper()

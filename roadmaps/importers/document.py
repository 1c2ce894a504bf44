"""The ORDER_JSON document the readers produce, and what they share: places in a file, the academic year.

A document holds the core keys (what `import_order --dry-run --json` prints) and the extra keys the
writer also uses (issuer_header, preamble, citations, responsible_text, ...); ``core`` keeps the first.
"""
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from core.academic_year import academic_year_bounds, academic_year_planned_on

ORDER_CORE = ("issuer", "number", "date", "title", "signatory")
ITEM_CORE = ("number", "activity", "deadline", "responsible", "warnings")
_YEARS = re.compile(r"(20\d\d)\s*[-–—/]\s*(20\d\d)")


@dataclass(frozen=True)
class Place:
    """Where something is in a file: «Файл «x.xlsx», строка 5, столбец C «Срок»»."""

    file_name: str
    row: str = ""  # «строка 5», «таблица 2, строка 3»
    column: str = ""  # «C «Срок»», «3 «Срок»»

    def __str__(self) -> str:
        parts = [f"Файл «{self.file_name}»"]
        if self.row:
            parts.append(self.row)
        if self.column:
            parts.append(f"столбец {self.column}")
        return ", ".join(parts)

    def error(self, message: str) -> ValidationError:
        return ValidationError(f"{self}: {message}")


def academic_year_from_title(title: str) -> int | None:
    """«… в 2022-2023 г.г.», «… в 2022 – 2023 учебном году» -> 2022."""
    for first, second in _YEARS.findall(title or ""):
        if int(second) == int(first) + 1:
            return int(first)
    return None


_PREPARATION = re.compile(r"\bк\s+(20\d\d)\s*[/\-–—]\s*(20\d\d)\s+учебн", re.I)
_YEAR_SPAN = re.compile(r"(?<!\d)(20\d\d)(?:\s*(?:г\.?|года?)?\s*[-–—]\s*(20\d\d))?\s*(?:г\.?\s*г\.?|гг\.?|год\w*|г\.)",
                        re.I)


def plan_period(title: str, act_date: date | None) -> tuple[date, date] | None:
    """The whole period a plan covers, read from its own title, else from the approving act's date.

    «к 2011/2012 учебному году» (preparation): from the act to 31 August; «2022-2023 учебный год»: 1 September
    – 31 August; «в 2020 - 2022 годах», «на 2013 год»: those calendar years; nothing: the act's academic year.
    """
    title = title or ""
    if (m := _PREPARATION.search(title)) and int(m[2]) == int(m[1]) + 1:
        end = date(int(m[1]), 8, 31)
        start = act_date if act_date and act_date <= end else date(int(m[1]), 1, 1)
        return start, end
    if (year := academic_year_from_title(title)) is not None:
        return academic_year_bounds(year)
    if m := _YEAR_SPAN.search(title):
        return date(int(m[1]), 1, 1), date(int(m[2] or m[1]), 12, 31)
    if act_date is not None:
        return academic_year_bounds(academic_year_planned_on(act_date))
    return None


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def core(document: dict) -> dict:
    """Only the keys `import_order --dry-run --json` prints, in the documented order."""
    order, roadmap = document.get("order"), document.get("roadmap")
    core_order = None
    if order is not None:
        core_order = {key: order.get(key) for key in ORDER_CORE}
        core_order["clauses"] = [{"number": c["number"], "text": c["text"]} for c in order.get("clauses") or []]
    core_roadmap = None
    if roadmap is not None:
        core_roadmap = {"title": roadmap.get("title"), "items": [_core_item(item) for item in roadmap.get("items") or []]}
    return {"order": core_order, "roadmap": core_roadmap, "warnings": list(document.get("warnings") or [])}


def _core_item(item: dict) -> dict:
    """An item's core keys; «section» and the deadline's «recurrence» only where the document has them."""
    deadline = item.get("deadline") or {}
    result = {
        "number": item["number"],
        "activity": item["activity"],
        "deadline": {key: deadline.get(key) for key in ("text", "start", "end")},
        "responsible": [{key: entry.get(key, "") for key in ("kind", "name", "position")}
                        for entry in item.get("responsible") or []],
        "warnings": list(item.get("warnings") or []),
    }
    if deadline.get("recurrence"):
        result["deadline"]["recurrence"] = deadline["recurrence"]
    if item.get("section"):
        result["section"] = item["section"]
    return result


def clean_line(text: str) -> str:
    """A line as a person reads it: no bold markers of a text export, no non-breaking or doubled spaces."""
    text = (text or "").replace("\u00a0", " ").replace("**", "")
    return re.sub(r"[ \u2009\u202f]+", " ", text).strip()


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u00a0", " ")).strip()


def all_warnings(document: dict) -> list[str]:
    """Document warnings, then each item's, prefixed with its number: what an officer reviews before writing."""
    result = list(document.get("warnings") or [])
    for item in (document.get("roadmap") or {}).get("items") or []:
        result += [f"Мероприятие № {item['number']}: {w}" for w in item.get("warnings") or []]
    return result


def summary_lines(document: dict) -> list[str]:
    """What was read, in Russian, for the command's output."""
    lines = []
    order, roadmap = document.get("order"), document.get("roadmap")
    if order:
        when = date.fromisoformat(order["date"]).strftime("%d.%m.%Y") if order.get("date") else "без даты"
        lines.append(f"Приказ {order.get('issuer') or '(орган не указан)'} от {when} № {order.get('number') or '—'}: "
                     f"«{order.get('title')}», пунктов: {len(order.get('clauses') or [])}.")
    else:
        lines.append("Приказа в файле нет: дорожная карта без приказа.")
    if roadmap:
        year = roadmap.get("academic_year")
        lines.append(f"Дорожная карта «{roadmap['title']}» ({year}–{year + 1} учебный год), "
                     f"мероприятий: {len(roadmap['items'])}.")
    warnings = all_warnings(document)
    lines.append(f"Предупреждений: {len(warnings)}." if warnings else "Предупреждений нет.")
    lines += [f"  — {w}" for w in warnings]
    return lines

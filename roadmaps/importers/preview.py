"""What the preview page shows besides the document: who is already in the portal, and whether the
order itself is (then it cannot be loaded twice)."""
from dataclasses import dataclass
from datetime import date

from schools.models import Municipality, Official
from schools.names import person_key, split_person_name

from ..deadlines import RECURRENCES
from .directory import Directory
from .document import all_warnings


@dataclass(frozen=True)
class Entry:
    kind: str
    name: str
    position: str
    known: bool  # False: the writer will add it to the portal


def _entries(entries: list[dict], directory: Directory, official_keys: set[str]) -> list[Entry]:
    result = []
    for entry in entries:
        kind, name = entry.get("kind"), entry.get("name") or ""
        if kind == "all_municipalities" and directory.municipality is not None:
            kind = "organization"  # a municipal order's «МОУО» is its own authority (as the writer reads it)
        if kind == "person":
            parts = split_person_name(name)
            known = bool(parts) and person_key(*parts) in official_keys
        elif kind == "organization":
            known = directory.organization(name) is not None
        else:
            known = True
        result.append(Entry(kind, name, entry.get("position") or "", known))
    return result


def import_preview(document: dict, municipality: Municipality) -> dict:
    """Template context for the preview; a fixed number of queries whatever the document's size."""
    from .writer import order_find

    directory = Directory(municipality)
    official_keys = set(Official.objects.filter(municipality=municipality).values_list("name_key", flat=True))
    order, roadmap = document.get("order"), document.get("roadmap")
    clauses = [dict(c, entries=_entries(c.get("responsible") or [], directory, official_keys))
               for c in (order or {}).get("clauses") or []]
    items = [dict(i, entries=_entries(i.get("responsible") or [], directory, official_keys),
                  start=_date(i["deadline"].get("start")), end=_date(i["deadline"].get("end")),
                  recurrence_label=RECURRENCES.get(i["deadline"].get("recurrence") or "", ""))
             for i in (roadmap or {}).get("items") or []]
    existing = None
    if order and order.get("number") and order.get("date") and order.get("issuer"):
        existing = order_find(data=document, municipality=municipality)
    if order:
        order = dict(order, date=_date(order.get("date")),
                     citations=[dict(c, date=_date(c.get("date"))) for c in order.get("citations") or []])
    return {"order": order, "clauses": clauses, "roadmap": roadmap, "items": items, "existing": existing,
            "warnings": all_warnings(document), "document_warnings": document.get("warnings") or []}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None

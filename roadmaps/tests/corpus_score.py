"""Field-level score of the importer over the corpus of real published roadmap tables (corpus/SOURCES.md).

Per document: the approving act's number and date; per expected item (matched by position): number,
activity, deadline phrase, period start, period end, responsible parties (the list of names) and section.
A document the importer refuses scores zero on all its fields.
"""
import json
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
ITEM_FIELDS = ("number", "activity", "deadline_text", "start", "end", "responsible", "section")


def _item_fields(item: dict | None, *, names=lambda entries: [entry["name"] for entry in entries]) -> dict:
    if item is None:
        return {}
    deadline = item.get("deadline") or {}
    return {"number": item.get("number", ""), "activity": item.get("activity", ""),
            "deadline_text": deadline.get("text") or "", "start": deadline.get("start"), "end": deadline.get("end"),
            "responsible": names(item.get("responsible") or []),
            "section": item.get("section") or ""}


def score_document(path: Path, read) -> tuple[int, int, list[str]]:
    """(right, total, what went wrong) for one corpus file; ``read(file, name)`` returns the parsed document."""
    expected = json.loads(path.read_text(encoding="utf-8"))
    source = CORPUS / expected["file"]
    misses = []
    try:
        with source.open("rb") as file:
            document = read(file, source.name)
    except Exception as error:  # a refused file scores zero, whatever the reason
        document, misses = None, [f"{source.name}: не прочитан: {error}"]
    order = (document or {}).get("order") or {}
    want_order = expected["order"] or {}
    right = total = 0
    for key in ("number", "date"):
        total += 1
        if document is not None and (order.get(key) or None) == (want_order.get(key) or None):
            right += 1
        elif document is not None:
            misses.append(f"{source.name}: приказ {key}: {order.get(key)!r} вместо {want_order.get(key)!r}")
    items = ((document or {}).get("roadmap") or {}).get("items") or []
    for index, want in enumerate(expected["items"]):
        got = _item_fields(items[index] if index < len(items) else None)
        for field, value in _item_fields(want, names=list).items():
            total += 1
            if got and got.get(field) == value:
                right += 1
            elif document is not None:
                misses.append(f"{source.name}: пункт {index + 1}, {field}: {got.get(field)!r} вместо {value!r}")
    return right, total, misses


def score_corpus(read) -> tuple[int, int, list[str]]:
    right = total = 0
    misses: list[str] = []
    for path in sorted(CORPUS.glob("*.expected.json")):
        r, t, m = score_document(path, read)
        right, total, misses = right + r, total + t, misses + m
    return right, total, misses

"""Where a higher layer tells roadmap pages about an item's schools, without roadmaps importing it.

An item addressed to «все ОО» becomes one task per school in ``monitoring``, a regional item addressed to «все
МОУО» one task per municipality of the region; that app registers the functions below in its
``AppConfig.ready()``. With nothing registered, roadmaps work on their own.
"""
from dataclasses import dataclass
from datetime import date
from typing import Callable


@dataclass(frozen=True)
class SchoolsProgress:
    """How an item's schools stand: ``done`` of ``total`` (cancelled tasks left out); ``open`` = not done yet."""

    total: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


# item ids, today -> {item id: SchoolsProgress}; one query whatever the number of items.
_progress: list[Callable[[list[int], date], dict[int, SchoolsProgress]]] = []
# user, item, today -> the item's per-school rows (objects with school, status, compliance, due_date, pk).
_schools: list[Callable] = []
# user, item ids, clause ids, today -> {("item" | "clause", id): that source's per-municipality rows (objects with
# municipality, status, compliance, due_date, done_at, is_overdue, pk)}; one query whatever the number of sources.
_municipalities: list[Callable] = []


@dataclass(frozen=True)
class SourceMunicipalities:
    """A regional «все МОУО» item's or clause's municipalities, each one's task, and how many have done it."""

    rows: list

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.status == "done")


def register_schools_progress(func) -> None:
    if func not in _progress:
        _progress.append(func)


def register_item_schools(func) -> None:
    if func not in _schools:
        _schools.append(func)


def register_source_municipalities(func) -> None:
    if func not in _municipalities:
        _municipalities.append(func)


def schools_progress(item_ids: list[int], today: date) -> dict[int, SchoolsProgress]:
    result: dict[int, SchoolsProgress] = {}
    for func in _progress:
        result.update(func(list(item_ids), today))
    return result


def item_schools(user, item, today: date) -> list:
    rows: list = []
    for func in _schools:
        rows.extend(func(user, item, today))
    return rows


def source_municipalities(user, *, item_ids=(), clause_ids=(), today: date) -> dict[tuple[str, int], list]:
    rows: dict[tuple[str, int], list] = {}
    for func in _municipalities:
        for key, found in func(user, list(item_ids), list(clause_ids), today).items():
            rows.setdefault(key, []).extend(found)
    return rows

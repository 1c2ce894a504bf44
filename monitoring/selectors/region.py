"""The compliance of every school in the user's scope (a region, or the country), streamed for one Excel file.

Every municipality has its own roadmap, so the columns are positions, not items: the k-th task of a school is
the k-th item addressed to all schools of its municipality's roadmap (in roadmap order), then the clauses of the
approving order addressed to all schools.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from roadmaps.models import OrderClause, RoadmapItem
from roadmaps.selectors import roadmaps_visible_to
from core.clock import local_today
from schools.selectors import schools_visible_to

from ..models import Compliance
from .compliance import tasks_with_compliance
from .scope import school_tasks_visible_to

COUNTED = (Compliance.ON_TIME.value, Compliance.LATE.value, Compliance.OVERDUE.value)


@dataclass(frozen=True)
class RegionCell:
    state: str
    due_date: date | None
    done_at: date | None

    @property
    def state_label(self) -> str:
        return Compliance(self.state).label


@dataclass(frozen=True)
class RegionRow:
    school_id: int
    school: str
    municipality: str
    cells: list  # RegionCell | None, one per position

    @property
    def n_overdue(self) -> int:
        return sum(1 for c in self.cells if c and c.state == Compliance.OVERDUE)

    @property
    def rate(self) -> float | None:
        counted = [c for c in self.cells if c and c.state in COUNTED]
        return sum(1 for c in counted if c.state == Compliance.ON_TIME) / len(counted) if counted else None


def region_academic_years(user) -> list[int]:
    return list(
        roadmaps_visible_to(user).order_by("-academic_year").values_list("academic_year", flat=True).distinct()
    )


def region_columns(user, *, academic_year: int) -> tuple[dict, int]:
    """(position of each ("item", id) / ("clause", id) task source, the widest roadmap's width). Two queries."""
    roadmaps = roadmaps_visible_to(user).filter(academic_year=academic_year)
    position: dict[tuple[str, int], int] = {}
    width_of: dict[int, int] = {}
    order_of: dict[int, int] = {}
    items = (
        RoadmapItem.objects.filter(roadmap__in=roadmaps.values("pk"), all_schools=True)
        .order_by("roadmap_id", "position", "pk")
        .values_list("pk", "roadmap_id", "roadmap__order_id")
    )
    for pk, roadmap_id, order_id in items.iterator(chunk_size=5000):
        position[("item", pk)] = width_of.get(roadmap_id, 0)
        width_of[roadmap_id] = position[("item", pk)] + 1
        if order_id:
            order_of[order_id] = roadmap_id
    orders = roadmaps.exclude(order__isnull=True).values_list("order_id", "pk")
    order_of.update(dict(orders))
    clauses = (
        OrderClause.objects.filter(order_id__in=list(order_of), all_schools=True)
        .order_by("order_id", "position", "pk")
        .values_list("pk", "order_id")
    )
    for pk, order_id in clauses.iterator(chunk_size=5000):
        roadmap_id = order_of[order_id]
        position[("clause", pk)] = width_of.get(roadmap_id, 0)
        width_of[roadmap_id] = position[("clause", pk)] + 1
    return position, max(width_of.values(), default=0)


def region_compliance_rows(
    user, *, academic_year: int, today: date | None = None, chunk_size: int = 2000
) -> tuple[int, Iterator[RegionRow]]:
    """(width, rows): every active school the user may see, by municipality, with its tasks of that year.

    Two server-side cursors walked side by side (schools, and their tasks), both ordered by municipality id and
    school id — integer sorts, no text: memory stays flat and the database sorts nothing wide.
    """
    today = today or local_today()
    position, width = region_columns(user, academic_year=academic_year)
    roadmaps = roadmaps_visible_to(user).filter(academic_year=academic_year)
    schools = (
        schools_visible_to(user)
        .filter(is_active=True)
        .order_by("municipality_id", "pk")
        .values_list("municipality_id", "pk", "short_name", "municipality__short_name")
    )
    year_q = Q(item__roadmap__in=roadmaps.values("pk")) | Q(
        clause__order_id__in=roadmaps.exclude(order__isnull=True).values("order_id")
    )
    tasks = (
        tasks_with_compliance(school_tasks_visible_to(user).filter(year_q, school__is_active=True), today)
        .order_by("school__municipality_id", "school_id")
        .values_list("school__municipality_id", "school_id", "item_id", "clause_id", "compliance", "due_date", "done_at")
    )

    def rows() -> Iterator[RegionRow]:
        task_iter = tasks.iterator(chunk_size=chunk_size)
        pending = next(task_iter, None)
        for municipality_id, school_id, short_name, municipality in schools.iterator(chunk_size=chunk_size):
            cells: list = [None] * width
            here = (municipality_id, school_id)
            while pending is not None and (pending[0], pending[1]) <= here:
                if pending[1] == school_id:
                    key = ("item", pending[2]) if pending[2] else ("clause", pending[3])
                    index = position.get(key)
                    if index is not None:
                        cells[index] = RegionCell(pending[4], pending[5], pending[6])
                pending = next(task_iter, None)
            yield RegionRow(school_id, short_name, municipality, cells)

    return width, rows()

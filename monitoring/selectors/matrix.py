"""The compliance matrix: schools × tasks of one roadmap (its items and its order's clauses)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.clock import local_today
from roadmaps.models import OrderClause, Roadmap, RoadmapItem
from roadmaps.status import Status
from schools.models import School
from schools.selectors import schools_visible_to

from ..models import Compliance, SchoolTask
from .compliance import (
    STATE_COLOURS,
    compliance_aggregates,
    compliance_rates,
    compliance_totals,
    roadmap_tasks_q,
    state_q,
    tasks_with_compliance,
)
from .rollups import roadmap_rollups, rollup_sums, rollup_totals, rollups_current
from .scope import school_tasks_visible_to

TASK_FIELDS = ("pk", "school_id", "item_id", "clause_id", "compliance", "due_date", "done_at", "status")


@dataclass
class MatrixColumn:
    key: tuple[str, int]  # ("item", id) or ("clause", id)
    label: str  # «п. 5» / «Приказ, п. 3»
    title: str
    deadline_text: str
    due_date: date | None
    rates: dict | None = None  # compliance_aggregates for this column, filled by the page


@dataclass(frozen=True)
class MatrixCell:
    task_id: int
    state: str
    due_date: date | None
    done_at: date | None
    status: str

    @property
    def state_label(self) -> str:
        return Compliance(self.state).label

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self.state]

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    # The matrix shows thousands of cells: texts are built here once, not through template filters per cell.
    @property
    def url(self) -> str:
        return _task_url(self.task_id)

    @property
    def date_text(self) -> str:
        """The done date, or «до <due date>» for a task not done yet."""
        if self.done_at:
            return f"{self.done_at:%d.%m.%Y}"
        return f"до {self.due_date:%d.%m.%Y}" if self.due_date else ""

    @property
    def title(self) -> str:
        parts = [self.state_label, self.status_label]
        if self.due_date:
            parts.append(f"срок {self.due_date:%d.%m.%Y}")
        if self.done_at:
            parts.append(f"выполнено {self.done_at:%d.%m.%Y}")
        return " · ".join(parts)


CELL_HTML = '<td class="cell cell-{state}{dim}" title="{title}"><a href="{url}">{label}<div class="small">{date}</div></a></td>'
EMPTY_CELL_HTML = '<td class="cell cell-none" title="Задачи нет">—</td>'


def cells_html(cells: list, *, state: str = "") -> str:
    """One row's cells as HTML, built in Python: a page of the matrix has hundreds of cells, and a template
    would spend most of the page's time on them. Every text is escaped."""
    parts = []
    for cell in cells:
        if cell is None:
            parts.append(EMPTY_CELL_HTML)
            continue
        parts.append(CELL_HTML.format(
            state=escape(cell.state), dim=" opacity-50" if state and cell.state != state else "",
            title=escape(cell.title), url=escape(cell.url), label=escape(cell.state_label), date=escape(cell.date_text),
        ))
    return mark_safe("".join(parts))  # noqa: S308 — every piece above is escaped


@lru_cache(maxsize=1)
def _task_url_pattern() -> str:
    return reverse("monitoring:task_detail", args=[987654321]).replace("987654321", "{}")


def _task_url(task_id: int) -> str:
    return _task_url_pattern().format(task_id)


def matrix_columns(roadmap: Roadmap) -> list[MatrixColumn]:
    """Items addressed to all schools, then the approving order's clauses addressed to all schools."""
    items = RoadmapItem.objects.filter(roadmap=roadmap, all_schools=True).order_by("position", "pk")
    columns = [
        MatrixColumn(("item", i.pk), f"п. {i.number}", i.activity, i.deadline_text, i.deadline_end) for i in items
    ]
    if roadmap.order_id:
        clauses = OrderClause.objects.filter(order_id=roadmap.order_id, all_schools=True).order_by("position", "pk")
        columns += [
            MatrixColumn(("clause", c.pk), f"Приказ, п. {c.number}", c.text, c.deadline_text, c.deadline_end)
            for c in clauses
        ]
    return columns


def _filtered_schools(user, *, roadmap: Roadmap, state: str, q: str, today: date) -> QuerySet[School]:
    schools = schools_visible_to(user).filter(municipality_id=roadmap.municipality_id, is_active=True)
    if q:
        schools = schools.filter(Q(short_name__icontains=q) | Q(full_name__icontains=q))
    if state in Compliance.values:
        in_state = SchoolTask.objects.filter(roadmap_tasks_q(roadmap), state_q(state, today), school=OuterRef("pk"))
        schools = schools.filter(Exists(in_state))
    return schools


def matrix_schools(
    user, *, roadmap: Roadmap, state: str = "", q: str = "", today: date | None = None
) -> QuerySet[School]:
    """The rows: active schools of the roadmap's municipality the user may see, filtered by name and state,
    each annotated with its compliance counts and rate for this roadmap."""
    today = today or local_today()
    schools = _filtered_schools(user, roadmap=roadmap, state=state, q=q, today=today)
    extra = roadmap_tasks_q(roadmap, prefix="tasks__")
    return schools.annotate(**compliance_aggregates(today, prefix="tasks__", extra=extra)).order_by("short_name", "pk")


def matrix_school_list(
    user, *, roadmap: Roadmap, state: str = "", q: str = "", today: date | None = None
) -> QuerySet[School]:
    """The rows of the matrix page, not yet counted: paged first, then ``count_page_schools`` counts the page."""
    today = today or local_today()
    return _filtered_schools(user, roadmap=roadmap, state=state, q=q, today=today).order_by("short_name", "pk")


def count_page_schools(user, *, roadmap: Roadmap, schools: list[School], today: date) -> None:
    """Set the compliance counts and ``rate`` on one page of schools: one grouped query over their tasks."""
    tasks = school_tasks_visible_to(user).filter(roadmap_tasks_q(roadmap), school_id__in=[s.pk for s in schools])
    by_school = {row["school_id"]: row for row in compliance_rates(tasks, today, "school_id")}
    for school in schools:
        row = by_school.get(school.pk, {})
        for state in Compliance:
            setattr(school, f"n_{state.value}", row.get(f"n_{state.value}", 0))
        school.n_total = row.get("n_total", 0)
        school.n_counted = row.get("n_counted", 0)
        school.rate = row.get("rate")


def roadmap_totals(user, *, roadmap: Roadmap, today: date) -> dict:
    """Counts per state and the rate over the roadmap's tasks at the active schools the user may see."""
    if rollups_current(today):
        return rollup_totals(user, rows=roadmap_rollups(user, roadmap))
    tasks = school_tasks_visible_to(user).filter(roadmap_tasks_q(roadmap), school__is_active=True)
    return compliance_totals(tasks, today)


def matrix_tasks(user, *, roadmap: Roadmap, today: date) -> QuerySet:
    return tasks_with_compliance(school_tasks_visible_to(user).filter(roadmap_tasks_q(roadmap)), today)


def column_rates(user, *, roadmap: Roadmap, columns: list[MatrixColumn], today: date) -> None:
    """Fill each column's rates: one grouped query (over the rollups when they are current)."""
    if rollups_current(today):
        rows = rollup_sums(roadmap_rollups(user, roadmap).order_by().values("item_id", "clause_id"))
    else:
        tasks = school_tasks_visible_to(user).filter(roadmap_tasks_q(roadmap), school__is_active=True)
        rows = compliance_rates(tasks, today, "item_id", "clause_id")
    by_key = {}
    for row in rows:
        key = ("item", row["item_id"]) if row["item_id"] else ("clause", row["clause_id"])
        by_key[key] = row
    for column in columns:
        column.rates = by_key.get(column.key)


def merge_rows(
    columns: list[MatrixColumn], schools: Iterable[School], tasks: Iterable[dict]
) -> Iterator[tuple[School, list]]:
    """Join schools and their tasks, both sorted by school the same way, into (school, cells) rows."""
    position = {column.key: index for index, column in enumerate(columns)}
    tasks = iter(tasks)
    pending = next(tasks, None)
    for school in schools:
        cells: list[MatrixCell | None] = [None] * len(columns)
        while pending is not None and pending["school_id"] == school.pk:
            key = ("item", pending["item_id"]) if pending["item_id"] else ("clause", pending["clause_id"])
            if key in position:
                cells[position[key]] = MatrixCell(
                    pending["pk"], pending["compliance"], pending["due_date"], pending["done_at"], pending["status"]
                )
            pending = next(tasks, None)
        yield school, cells


def matrix_page_rows(user, *, roadmap: Roadmap, columns: list[MatrixColumn], schools: list[School], today: date):
    """Rows for one page of schools: a single query for all their tasks."""
    ids = [school.pk for school in schools]
    tasks = matrix_tasks(user, roadmap=roadmap, today=today).filter(school_id__in=ids).values(*TASK_FIELDS)
    order = {pk: index for index, pk in enumerate(ids)}
    ordered = sorted(tasks, key=lambda t: order[t["school_id"]])
    return list(merge_rows(columns, schools, ordered))


def compliance_matrix_rows(
    user,
    *,
    roadmap: Roadmap,
    state: str = "",
    q: str = "",
    today: date | None = None,
    chunk_size: int = 2000,
) -> Iterator[tuple[School, list[MatrixCell | None]]]:
    """Stream the whole matrix (for the Excel export): yields (school, cells aligned with matrix_columns(roadmap)).

    Two server-side cursors, schools and tasks, walked in the same order: memory stays flat at any size.
    """
    today = today or local_today()
    columns = matrix_columns(roadmap)
    schools = matrix_schools(user, roadmap=roadmap, state=state, q=q, today=today)
    tasks = (
        matrix_tasks(user, roadmap=roadmap, today=today)
        .filter(school__in=_filtered_schools(user, roadmap=roadmap, state=state, q=q, today=today).values("pk"))
        .order_by("school__short_name", "school_id")
        .values(*TASK_FIELDS)
    )
    yield from merge_rows(columns, schools.iterator(chunk_size=chunk_size), tasks.iterator(chunk_size=chunk_size))

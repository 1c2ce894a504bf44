"""The compliance matrix: schools × tasks of one roadmap (its items and its order's clauses)."""

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.safestring import mark_safe

from core.clock import local_today
from core.links import pk_url, pk_url_format
from roadmaps.models import OrderClause, Roadmap, RoadmapItem
from roadmaps.status import Status
from schools import access
from schools.models import School
from schools.selectors import schools_visible_to

from ..models import Compliance, SchoolTask, SourceRollup
from ..models.rollups import COUNT_FIELDS
from .compliance import (
    STATE_COLOURS,
    compliance_aggregates,
    compliance_rates,
    roadmap_tasks_q,
    state_q,
    tasks_with_compliance,
)
from .rollups import rollups_current
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
        return STATE_LABELS[self.state]

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self.state]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

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
        return _cell_title(self.state, self.status, self.due_date, self.done_at)


STATE_LABELS = dict(Compliance.choices)
STATUS_LABELS = dict(Status.choices)


def _cell_title(state: str, status: str, due_date: date | None, done_at: date | None) -> str:
    parts = [STATE_LABELS[state], STATUS_LABELS[status]]
    if due_date:
        parts.append(f"срок {due_date:%d.%m.%Y}")
    if done_at:
        parts.append(f"выполнено {done_at:%d.%m.%Y}")
    return " · ".join(parts)


# A cell: head, the task's link, tail.
CELL_HEAD = '<td class="cell cell-{state}{dim}" title="{title}"><a href="'
CELL_TAIL = '">{label}<div class="small">{date}</div></a></td>'
EMPTY_CELL_HTML = '<td class="cell cell-none" title="Задачи нет">—</td>'


class _CellWriter:
    """Writes matrix cells. Cells differ mostly by their task's link: the rest of a cell (state, status and dates,
    all escaped) is written once per distinct (state, status, due date, done date) and reused."""

    def __init__(self, state: str = ""):
        self.state = state
        self.url = html.escape(task_url_pattern())
        self.parts: dict[tuple, tuple[str, str]] = {}

    def cell(self, task_id: int, state: str, due_date: date | None, done_at: date | None, status: str) -> str:
        key = (state, status, due_date, done_at)
        parts = self.parts.get(key)
        if parts is None:
            dim = " opacity-50" if self.state and state != self.state else ""
            if done_at:
                date_text = f"{done_at:%d.%m.%Y}"
            else:
                date_text = f"до {due_date:%d.%m.%Y}" if due_date else ""
            head = CELL_HEAD.format(
                state=html.escape(state), dim=dim, title=html.escape(_cell_title(state, status, due_date, done_at))
            )
            tail = CELL_TAIL.format(label=html.escape(STATE_LABELS[state]), date=html.escape(date_text))
            parts = self.parts[key] = (head, tail)
        return f"{parts[0]}{self.url.format(task_id)}{parts[1]}"


def task_url_pattern() -> str:
    return pk_url_format("monitoring:task_detail")


def _task_url(task_id: int) -> str:
    return pk_url("monitoring:task_detail")(task_id)


@dataclass
class RoadmapSources:
    """A roadmap's matrix columns and the ids of all its items and of its order's clauses (its tasks' sources)."""

    columns: list[MatrixColumn]
    item_ids: list[int]
    clause_ids: list[int]

    def tasks_q(self, prefix: str = "") -> Q:
        """Tasks from these sources: ids listed, so the database reads the tasks through the item/clause indexes."""
        condition = Q(**{f"{prefix}item_id__in": self.item_ids})
        if self.clause_ids:
            condition |= Q(**{f"{prefix}clause_id__in": self.clause_ids})
        return condition


COLUMN_FIELDS = ("pk", "number", "activity", "deadline_text", "deadline_end", "all_schools")


def roadmap_sources(roadmap: Roadmap) -> RoadmapSources:
    """Columns: items addressed to all schools, then the approving order's clauses addressed to all schools."""
    items = RoadmapItem.objects.filter(roadmap=roadmap).order_by("position", "pk").values_list(*COLUMN_FIELDS)
    columns, item_ids, clause_ids = [], [], []
    for pk, number, activity, deadline_text, deadline_end, all_schools in items:
        item_ids.append(pk)
        if all_schools:
            columns.append(MatrixColumn(("item", pk), f"п. {number}", activity, deadline_text, deadline_end))
    if roadmap.order_id:
        clauses = (
            OrderClause.objects.filter(order_id=roadmap.order_id).order_by("position", "pk")
            .values_list("pk", "number", "text", "deadline_text", "deadline_end", "all_schools")
        )
        for pk, number, text, deadline_text, deadline_end, all_schools in clauses:
            clause_ids.append(pk)
            if all_schools:
                columns.append(MatrixColumn(("clause", pk), f"Приказ, п. {number}", text, deadline_text, deadline_end))
    return RoadmapSources(columns, item_ids, clause_ids)


def matrix_columns(roadmap: Roadmap) -> list[MatrixColumn]:
    return roadmap_sources(roadmap).columns


def _filtered_schools(
    user, *, roadmap: Roadmap, state: str, q: str, today: date, sources: RoadmapSources | None = None
) -> QuerySet[School]:
    schools = schools_visible_to(user).filter(municipality_id=roadmap.municipality_id, is_active=True)
    if q:
        schools = schools.filter(Q(short_name__icontains=q) | Q(full_name__icontains=q))
    if state in Compliance.values:
        from_roadmap = sources.tasks_q() if sources is not None else roadmap_tasks_q(roadmap)
        in_state = SchoolTask.objects.filter(from_roadmap, state_q(state, today), school=OuterRef("pk"))
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
    user, *, roadmap: Roadmap, state: str = "", q: str = "", today: date | None = None,
    sources: RoadmapSources | None = None,
) -> QuerySet[School]:
    """The rows of the matrix page, not yet counted: paged first, then ``fill_page_rows`` counts the page."""
    today = today or local_today()
    schools = _filtered_schools(user, roadmap=roadmap, state=state, q=q, today=today, sources=sources)
    return schools.order_by("short_name", "pk").select_related(None).only("pk", "short_name")


def _with_rate(row: dict) -> dict:
    row["n_counted"] = row["n_on_time"] + row["n_late"] + row["n_overdue"]
    row["rate"] = row["n_on_time"] * 100.0 / row["n_counted"] if row["n_counted"] else None
    return row


def roadmap_figures(user, *, sources: RoadmapSources, today: date) -> dict:
    """Fill each column's rates and return the roadmap's totals (counts per state and the rate over its tasks at
    the active schools the user may see): one grouped query, over the rollups when they are current."""
    if not sources.item_ids and not sources.clause_ids:
        rows = []
    elif rollups_current(today):
        # A roadmap's sources have a rollup row per municipality (one, for a municipal roadmap): summed here.
        rows = {}
        for item_id, clause_id, *counts in (
            access.visible(user, SourceRollup).filter(sources.tasks_q()).order_by()
            .values_list("item_id", "clause_id", *COUNT_FIELDS)
        ):
            row = rows.setdefault((item_id, clause_id), {"item_id": item_id, "clause_id": clause_id,
                                                          **dict.fromkeys(COUNT_FIELDS, 0)})
            for name, value in zip(COUNT_FIELDS, counts):
                row[name] += value
        rows = [_with_rate(row) for row in rows.values()]
    else:
        tasks = school_tasks_visible_to(user).filter(sources.tasks_q(), school__is_active=True)
        rows = compliance_rates(tasks, today, "item_id", "clause_id")
    totals = dict.fromkeys(COUNT_FIELDS, 0)
    by_key = {}
    for row in rows:
        by_key[("item", row["item_id"]) if row["item_id"] else ("clause", row["clause_id"])] = row
        for name in COUNT_FIELDS:
            totals[name] += row[name] or 0
    for column in sources.columns:
        column.rates = by_key.get(column.key)
    return _with_rate(totals)


def matrix_tasks(user, *, roadmap: Roadmap, today: date, sources: RoadmapSources | None = None) -> QuerySet:
    from_roadmap = sources.tasks_q() if sources is not None else roadmap_tasks_q(roadmap)
    return tasks_with_compliance(school_tasks_visible_to(user).filter(from_roadmap), today)


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


def fill_page_rows(
    user, *, sources: RoadmapSources, columns: list[MatrixColumn], schools: list[School], today: date,
    state: str = "",
) -> None:
    """One page of schools: a single query for all their tasks of the roadmap. Sets on each school its counts per
    state (``n_overdue``…), ``n_total``, ``n_counted``, ``rate`` (over all the roadmap's tasks, as the rates pages
    count them) and ``cells_html`` (the row's cells for ``columns``)."""
    ids = [school.pk for school in schools]
    tasks = matrix_tasks(user, roadmap=None, today=today, sources=sources).filter(school_id__in=ids)
    by_school: dict[int, list] = {pk: [] for pk in ids}
    for task in tasks.order_by().values_list(*TASK_FIELDS):
        by_school[task[1]].append(task)
    position = {column.key: index for index, column in enumerate(columns)}
    writer = _CellWriter(state)
    school_url = _school_url_pattern()
    for school in schools:
        counts = dict.fromkeys(COUNT_FIELDS, 0)
        cells = [EMPTY_CELL_HTML] * len(columns)
        for pk, _, item_id, clause_id, compliance, due_date, done_at, status in by_school[school.pk]:
            counts[f"n_{compliance}"] += 1
            index = position.get(("item", item_id) if item_id else ("clause", clause_id))
            if index is not None:
                cells[index] = writer.cell(pk, compliance, due_date, done_at, status)
        counts["n_total"] = len(by_school[school.pk])
        for name, value in _with_rate(counts).items():
            setattr(school, name, value)
        school.cabinet_url = school_url.format(school.pk)
        school.rate_text = "—" if school.rate is None else f"{round(school.rate)} %"
        school.cells_html = mark_safe("".join(cells))  # noqa: S308 — every text is escaped in _CellWriter.cell


def _school_url_pattern() -> str:
    return pk_url_format("monitoring:school_cabinet")


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

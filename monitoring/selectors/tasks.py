"""Per-school tasks as the cabinet and the task page show them."""

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.clock import local_today

from ..models import Compliance, SchoolTask, TaskEvent
from .compliance import COUNTED_STATES, compliance_state, tasks_with_compliance
from .scope import school_tasks_changeable_by, school_tasks_visible_to

TASK_SOURCE = (
    "school",
    "school__municipality",
    "item",
    "item__roadmap",
    "item__roadmap__order",
    "clause",
    "clause__order",
)

CABINET_SOURCE = tuple(name for name in TASK_SOURCE if not name.startswith("school"))
# The columns the cabinet's rows show (source label, activity, deadline phrase, academic year, dates, status):
# the joined rows are read without their other columns (notes, recurrence, titles, periods...).
CABINET_FIELDS = (
    "id", "school_id", "item_id", "clause_id", "due_date", "due_date_extended", "due_date_pending", "status",
    "done_at",
    "item__id", "item__number", "item__activity", "item__deadline_text", "item__position", "item__roadmap_id",
    "item__roadmap__id", "item__roadmap__academic_year", "item__roadmap__order_id",
    "item__roadmap__order__id", "item__roadmap__order__number", "item__roadmap__order__date",
    "clause__id", "clause__number", "clause__text", "clause__deadline_text", "clause__position", "clause__order_id",
    "clause__order__id", "clause__order__number", "clause__order__date",
)


def _cabinet_order(task: SchoolTask) -> tuple:
    """ORDER BY due_date, item__roadmap_id, item__position, clause__position, pk — with PostgreSQL's NULLS LAST."""
    item, clause = task.item, task.clause

    def last(value):
        return (value is None, value if value is not None else 0)

    return (
        (task.due_date is None, task.due_date or date.min),
        last(item.roadmap_id if item else None),
        last(item.position if item else None),
        last(clause.position if clause else None),
        task.pk,
    )


def cabinet_tasks(user, school, *, today: date | None = None) -> list[SchoolTask]:
    """A school's tasks with ``compliance`` and ``remarks`` (the officer's remarks, latest first, as dicts:
    ``id``, ``comment``, ``created_at``, ``author_name``) — two queries.
    ``task.school`` is not read with them: the caller has the school (``_cabinet_page`` sets it on each task).

    The page reads every task of one school anyway, so ``compliance`` is set here by ``compliance_state`` (the
    same rule as the SQL ``compliance_expression``, tested against it) rather than built as a CASE for each
    request; the remarks are one plain query grouped here rather than through a ``Prefetch``."""
    today = today or local_today()
    # Every task is the given school's: its row is not joined again for each task (the view sets it).
    # Sorted here, not by an ORDER BY through the joins (resolving it costs more than sorting one school's tasks).
    tasks = sorted(
        school_tasks_visible_to(user)
        .filter(school=school)
        .select_related(*CABINET_SOURCE)
        .only(*CABINET_FIELDS)
        .order_by(),
        key=_cabinet_order,
    )
    remarks: dict[int, list[dict]] = {}
    if tasks:
        rows = (
            TaskEvent.objects.filter(kind=TaskEvent.Kind.REMARK, task_id__in=[task.pk for task in tasks])
            .order_by("-created_at", "-id")
            .values_list("task_id", "id", "comment", "created_at", "author__first_name", "author__last_name",
                         "author__username")
        )
        for task_id, pk, comment, created_at, first_name, last_name, username in rows:
            # ``author_name`` is what the template wrote: ``get_full_name|default:username`` ("" without an author).
            author_name = f"{first_name or ''} {last_name or ''}".strip() or username or ""
            remarks.setdefault(task_id, []).append(
                {"id": pk, "comment": comment, "created_at": created_at, "author_name": author_name}
            )
    for task in tasks:
        # None only for a done task without its date (a check constraint forbids it): the CASE's default.
        task.compliance = (
            compliance_state(task.status, task.due_date, task.done_at, today) or Compliance.NO_DEADLINE.value
        )
        task.remarks = remarks.get(task.pk, [])
    return tasks


def totals_of_tasks(tasks: list[SchoolTask]) -> dict:
    """``compliance_totals`` of tasks already read with their ``compliance`` (``cabinet_tasks``): the same keys,
    counted here rather than by a second query over the same rows."""
    counts = {state.value: 0 for state in Compliance}
    for task in tasks:
        counts[task.compliance] += 1
    counted = sum(counts[state] for state in COUNTED_STATES)
    return {
        **{f"n_{state}": n for state, n in counts.items()},
        "n_total": len(tasks),
        "n_counted": counted,
        "rate": counts[Compliance.ON_TIME] * 100.0 / counted if counted else None,
    }


# What the task page shows of a task's school and source (name, source label, activity, deadline phrase, year).
TASK_PAGE_SOURCE = ("school", *CABINET_SOURCE)
TASK_PAGE_FIELDS = (
    "id", "school_id", "item_id", "clause_id", "due_date", "due_date_extended", "due_date_pending", "status",
    "done_at", "status_changed_at", "version", "created_at",
    "school__id", "school__short_name",
    "item__id", "item__number", "item__activity", "item__deadline_text", "item__roadmap_id",
    "item__roadmap__id", "item__roadmap__academic_year", "item__roadmap__order_id",
    "item__roadmap__order__id", "item__roadmap__order__number", "item__roadmap__order__date",
    "clause__id", "clause__number", "clause__text", "clause__deadline_text", "clause__order_id",
    "clause__order__id", "clause__order__number", "clause__order__date",
)


def task_for_page(user, pk: int, *, today: date | None = None) -> SchoolTask:
    """One task with its school and source, 404 outside the user's scope. Only the columns the page shows, no
    municipality and no ordering: the planner of a seven-way join is most of this query's time."""
    today = today or local_today()
    qs = school_tasks_visible_to(user).select_related(*TASK_PAGE_SOURCE).only(*TASK_PAGE_FIELDS).order_by()
    return get_object_or_404(tasks_with_compliance(qs, today), pk=pk)


def task_history(task: SchoolTask) -> QuerySet[TaskEvent]:
    return task.events.select_related("author").order_by("-created_at", "-id")


def can_change_task(user, task: SchoolTask) -> bool:
    return school_tasks_changeable_by(user).filter(pk=task.pk).exists()


def tasks_awaiting_due_date(user) -> QuerySet[SchoolTask]:
    """Tasks of schools added after their deadline had passed, waiting for the officer's choice."""
    return (
        school_tasks_changeable_by(user)
        .filter(due_date_pending=True)
        .select_related(*TASK_SOURCE)
        .order_by("school__municipality__short_name", "school__short_name", "item__position", "clause__position", "pk")
    )

"""Per-school tasks as the dashboard shows them: what falls due soon, what a head's school owes."""

from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from core.clock import local_today
from schools import access
from schools.roles import user_scope

from ..models import DueRollup, SchoolTask, TaskEvent
from .compliance import OPEN_STATUSES, tasks_with_compliance
from .overview import SOURCE_FIELDS
from .scope import school_tasks_visible_to
from .tasks import TASK_SOURCE

DUE_SOON_DAYS = 30
HEAD_TASKS_LIMIT = 20


def tasks_due_soon(user, *, today: date | None = None, days: int = DUE_SOON_DAYS) -> QuerySet[SchoolTask]:
    """Open tasks of active schools in the user's scope falling due from today to today + ``days``."""
    today = today or local_today()
    return school_tasks_visible_to(user).filter(
        school__is_active=True,
        status__in=OPEN_STATUSES,
        due_date__gte=today,
        due_date__lte=today + timedelta(days=days),
    )


def _due_soon_rollups(user, today: date | None, days: int) -> QuerySet[DueRollup] | None:
    """The open tasks by due date in the window, from the rollups (not for a head: one school's tasks are few)."""
    if user_scope(user).is_school_head:
        return None
    today = today or local_today()
    return access.visible(user, DueRollup).filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))


def due_soon_count(user, *, today: date | None = None, days: int = DUE_SOON_DAYS) -> int:
    """How many tasks ``tasks_due_soon`` holds; summed from the rollups above one school. One query."""
    rows = _due_soon_rollups(user, today, days)
    if rows is None:
        return tasks_due_soon(user, today=today, days=days).count()
    return rows.order_by().aggregate(n=Coalesce(Sum("n_open"), Value(0)))["n"]


def due_soon_by_source(user, *, today: date | None = None, days: int = DUE_SOON_DAYS, limit: int = 15) -> list[dict]:
    """Tasks due soon grouped by their item / clause and municipality: how many schools still owe each, earliest
    first (then by municipality). Two queries from the rollups, one counting the tasks."""
    rollups = _due_soon_rollups(user, today, days)
    if rollups is not None:
        # At national scale one due date holds 2,000 municipalities' rows. A rollup row is one (date, municipality,
        # item / clause) group, so the first ``limit`` rows by date and municipality hold the (date, municipality)
        # pairs of the rows shown; only those pairs' rows are grouped with their labels and sorted.
        pairs = set(
            rollups.order_by().values_list("due_date", "municipality_id")
            .order_by("due_date", "municipality__short_name", "municipality_id")[:limit]
        )
        if not pairs:
            return []
        shown = Q()
        for day in sorted({day for day, _ in pairs}):
            shown |= Q(due_date=day, municipality_id__in=[m for d, m in pairs if d == day])
        rows = (
            rollups.filter(shown).order_by()
            .values(*SOURCE_FIELDS, "due_date", "municipality_id", "municipality__short_name")
            .annotate(n_schools=Sum("n_open"))
            .order_by("due_date", "municipality__short_name", "municipality_id", "item__position", "clause__position")
        )
        rows = list(rows[:limit])
        for row in rows:
            row["school__municipality__short_name"] = row.pop("municipality__short_name")
            row["school__municipality_id"] = row.pop("municipality_id")
        return rows
    rows = (
        tasks_due_soon(user, today=today, days=days)
        .order_by()
        .values(*SOURCE_FIELDS, "due_date", "school__municipality_id", "school__municipality__short_name")
        .annotate(n_schools=Count("pk"))
        .order_by(
            "due_date", "school__municipality__short_name", "school__municipality_id", "item__position",
            "clause__position",
        )
    )
    # Grouped by due date too: schools whose deadline was extended show as a row of their own.
    return list(rows[:limit])


def head_open_tasks(user, school, *, today: date | None = None, limit: int = HEAD_TASKS_LIMIT) -> list[SchoolTask]:
    """What the school still owes, earliest deadline first (overdue on top); ``has_remark`` marks remarks."""
    today = today or local_today()
    remark = TaskEvent.objects.filter(task=OuterRef("pk"), kind=TaskEvent.Kind.REMARK)
    qs = (
        school_tasks_visible_to(user)
        .filter(school=school, status__in=OPEN_STATUSES)
        .select_related(*TASK_SOURCE)
        .annotate(has_remark=Exists(remark))
        .order_by(F("due_date").asc(nulls_last=True), "item__position", "clause__position", "pk")
    )
    return list(tasks_with_compliance(qs, today)[:limit])


def head_open_tasks_count(user, school) -> int:
    return school_tasks_visible_to(user).filter(school=school, status__in=OPEN_STATUSES).count()

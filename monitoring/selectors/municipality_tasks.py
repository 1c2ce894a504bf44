"""Municipalities' tasks under regional orders: who sees and changes them (the one access rule), the officer's
list, a task's page, and a regional item's municipalities (roadmaps.hooks)."""
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from schools import access

from roadmaps.status import CLOSED_STATUSES

from ..models import Compliance, MunicipalityTask, MunicipalityTaskEvent
from .compliance import compliance_state
from .tasks import TASK_PAGE_FIELDS

SOURCE = ("municipality", "item", "item__roadmap", "item__roadmap__order", "clause", "clause__order")
# What the list and the page show of a task's municipality and source (the source's columns as the school task's
# page reads them).
FIELDS = (
    "id", "municipality_id", "item_id", "clause_id", "due_date", "status", "done_at", "status_changed_at", "version",
    "municipality__id", "municipality__short_name",
    *(name for name in TASK_PAGE_FIELDS if name.startswith(("item__", "clause__"))),
)


def municipality_tasks_visible_to(user) -> QuerySet[MunicipalityTask]:
    return access.visible(user, MunicipalityTask)


def municipality_tasks_changeable_by(user) -> QuerySet[MunicipalityTask]:
    """The municipality's officers and administrators; the region and the country only read."""
    return access.changeable(user, MunicipalityTask)


def municipality_task_events_visible_to(user) -> QuerySet[MunicipalityTaskEvent]:
    return access.visible(user, MunicipalityTaskEvent)


def with_compliance(tasks, today: date) -> list[MunicipalityTask]:
    """Each task with ``compliance`` (the school tasks' rule: on time, late, overdue, ...) and ``is_overdue``."""
    tasks = list(tasks)
    for task in tasks:
        state = compliance_state(task.status, task.due_date, task.done_at, today)
        task.compliance = state.value if state else Compliance.NO_DEADLINE.value
        task.is_overdue = task.compliance == Compliance.OVERDUE
    return tasks


def municipality_tasks_for_list(user) -> QuerySet[MunicipalityTask]:
    """What the user's municipalities owe their region: nearest due date first (no date last). One query a page."""
    return (municipality_tasks_visible_to(user).select_related(*SOURCE).only(*FIELDS)
            .order_by(F("due_date").asc(nulls_last=True), "municipality__short_name", "pk"))


def municipality_tasks_open(user, today: date) -> dict[str, int]:
    """For the officer's dashboard: how many of their tasks under regional orders are open, how many overdue. One
    query."""
    return (municipality_tasks_visible_to(user).exclude(status__in=CLOSED_STATUSES).order_by()
            .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))))


def municipality_task_for_page(user, pk: int, today: date) -> MunicipalityTask:
    """One task with its municipality and source; 404 outside the user's scope."""
    task = get_object_or_404(municipality_tasks_visible_to(user).select_related(*SOURCE).only(*FIELDS), pk=pk)
    return with_compliance([task], today)[0]


def municipality_task_history(task: MunicipalityTask) -> QuerySet[MunicipalityTaskEvent]:
    return task.events.select_related("author").order_by("-created_at", "-id")


def can_change_municipality_task(user, task: MunicipalityTask) -> bool:
    return municipality_tasks_changeable_by(user).filter(pk=task.pk).exists()


def source_municipality_rows(user, item_ids: list[int], clause_ids: list[int], today: date
                             ) -> dict[tuple[str, int], list[MunicipalityTask]]:
    """Regional «все МОУО» items' and clauses' municipalities in the user's scope (a region has some tens), each
    source's overdue ones first, then by name. One query."""
    tasks = with_compliance(
        municipality_tasks_visible_to(user).filter(Q(item_id__in=item_ids) | Q(clause_id__in=clause_ids))
        .select_related("municipality")
        .only("id", "municipality_id", "municipality__short_name", "item_id", "clause_id", "due_date", "status",
              "done_at")
        .order_by("municipality__short_name", "pk"),
        today,
    )
    rows: dict[tuple[str, int], list[MunicipalityTask]] = {}
    for task in sorted(tasks, key=lambda task: not task.is_overdue):  # stable: by name within each group
        key = ("item", task.item_id) if task.item_id else ("clause", task.clause_id)
        rows.setdefault(key, []).append(task)
    return rows

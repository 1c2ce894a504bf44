"""An «все ОО» item seen from its schools: progress N of M, the schools and their states (roadmaps.hooks)."""

from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When

from roadmaps.hooks import SchoolsProgress
from roadmaps.status import Status

from ..models import SchoolTask, SourceRollup
from .compliance import state_q, tasks_with_compliance
from .rollups import rollups_current
from .scope import school_tasks_visible_to


def items_schools_progress(item_ids: list[int], today: date) -> dict[int, SchoolsProgress]:
    """Per item: its active schools' tasks, how many done, how many overdue. One query (two with the rollups'
    date check), summed from the rollups when they are current."""
    if not item_ids:
        return {}
    if rollups_current(today):
        rows = (
            SourceRollup.objects.filter(item_id__in=item_ids).order_by().values("item_id")
            .annotate(total=Sum("n_total"), cancelled=Sum("n_cancelled"), on_time=Sum("n_on_time"),
                      late=Sum("n_late"), overdue=Sum("n_overdue"))
        )
        return {
            row["item_id"]: SchoolsProgress(total=row["total"] - row["cancelled"], done=row["on_time"] + row["late"],
                                            overdue=row["overdue"])
            for row in rows
            if row["total"] > row["cancelled"]  # as counting: an item with only cancelled tasks has no row
        }
    rows = (
        SchoolTask.objects.filter(item_id__in=item_ids, school__is_active=True)
        .exclude(status=Status.CANCELLED)
        .order_by()
        .values("item_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Status.DONE)),
            overdue=Count("pk", filter=state_q("overdue", today)),
        )
    )
    return {row["item_id"]: SchoolsProgress(total=row["total"], done=row["done"], overdue=row["overdue"]) for row in rows}


def item_school_tasks(user, item, today: date) -> QuerySet[SchoolTask]:
    """The item's tasks in the user's scope, overdue first, then by school. One query."""
    return (
        tasks_with_compliance(
            school_tasks_visible_to(user).filter(item=item, school__is_active=True).select_related("school"), today
        )
        .order_by(F("due_date").asc(nulls_last=True), "school__short_name", "pk")
    )


ITEM_SCHOOLS_LIMIT = 100  # rows on the item page; every school is in the compliance matrix
# Overdue schools first, then the ones still working, then those done, then cancelled.
RANK = {"overdue": 0, "not_due": 1, "no_deadline": 1, "late": 2, "on_time": 2, "cancelled": 3}


def item_school_rows(user, item, today: date, *, limit: int | None = None) -> list[SchoolTask]:
    """For the item page: overdue schools first, then the ones still working, then those done — the first
    ``limit`` of them, ranked in the database (a 1,000-school municipality's item is not rendered whole)."""
    rank = Case(*(When(compliance=state, then=Value(n)) for state, n in RANK.items()), default=Value(1),
                output_field=IntegerField())
    rows = item_school_tasks(user, item, today).annotate(rank=rank).order_by(
        "rank", F("due_date").asc(nulls_last=True), "school__short_name", "pk"
    )
    return list(rows[:limit or ITEM_SCHOOLS_LIMIT])

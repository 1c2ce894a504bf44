"""Deadline compliance of per-school tasks: one rule, evaluated in the database.

A task is
- «отменено» when cancelled, «без срока» when it has no due date — neither is counted in rates;
- «в срок» when done on or before its due date (done on the due day counts as on time);
- «с опозданием» when done after it;
- «просрочено» when not done and the due date has passed (due date < today);
- «срок не наступил» when not done and the due date is today or later.
The rate is в срок / (в срок + с опозданием + просрочено).
"""

from datetime import date

from django.db.models import Case, CharField, Count, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, NullIf

from roadmaps.status import Status

from ..models import Compliance

OPEN_STATUSES = [s for s in Status.values if s not in (Status.DONE, Status.CANCELLED)]
COUNTED_STATES = (Compliance.ON_TIME, Compliance.LATE, Compliance.OVERDUE)

STATE_COLOURS = {
    Compliance.ON_TIME: "success",
    Compliance.LATE: "warning",
    Compliance.OVERDUE: "danger",
    Compliance.NOT_DUE: "info",
    Compliance.NO_DEADLINE: "secondary",
    Compliance.CANCELLED: "dark",
}


def state_q(state: str, today: date, prefix: str = "") -> Q:
    """The condition for one state; the six conditions are disjoint and cover every task."""
    p = prefix

    def q(**lookups) -> Q:
        return Q(**{f"{p}{key}": value for key, value in lookups.items()})

    has_due = q(due_date__isnull=False)
    done = q(status=Status.DONE) & has_due
    still_open = q(status__in=OPEN_STATUSES) & has_due
    return {
        Compliance.CANCELLED: q(status=Status.CANCELLED),
        Compliance.NO_DEADLINE: q(due_date__isnull=True) & ~q(status=Status.CANCELLED),
        Compliance.ON_TIME: done & q(done_at__lte=F(f"{p}due_date")),
        Compliance.LATE: done & q(done_at__gt=F(f"{p}due_date")),
        Compliance.OVERDUE: still_open & q(due_date__lt=today),
        Compliance.NOT_DUE: still_open & q(due_date__gte=today),
    }[state]


def compliance_state(status: str, due_date: date | None, done_at: date | None, today: date) -> str | None:
    """The same rule as ``state_q``, for one task's values in Python (the rollups move one task by it).
    None where no condition holds: a done task without its date, which a check constraint forbids."""
    if status == Status.CANCELLED:
        return Compliance.CANCELLED
    if due_date is None:
        return Compliance.NO_DEADLINE
    if status == Status.DONE:
        if done_at is None:
            return None
        return Compliance.ON_TIME if done_at <= due_date else Compliance.LATE
    return Compliance.OVERDUE if due_date < today else Compliance.NOT_DUE


def rate_expression(on_time, counted):
    """в срок / (в срок + с опозданием + просрочено), percent, from two integer expressions; NULL when nothing
    is counted. One formula for the counting queries and the rollups' in-place updates (same float result)."""
    return Cast(on_time, FloatField()) * Value(100.0) / NullIf(Cast(counted, FloatField()), Value(0.0))


def compliance_expression(today: date, prefix: str = "") -> Case:
    return Case(
        *(When(state_q(state, today, prefix), then=Value(state.value)) for state in Compliance),
        default=Value(Compliance.NO_DEADLINE.value),
        output_field=CharField(),
    )


def tasks_with_compliance(qs: QuerySet, today: date) -> QuerySet:
    """Annotate ``compliance`` (a Compliance value) on a SchoolTask queryset."""
    return qs.annotate(compliance=compliance_expression(today))


def compliance_aggregates(today: date, prefix: str = "", extra: Q | None = None) -> dict:
    """Counts per state (``n_on_time``...), ``n_total``, ``n_counted`` and ``rate`` (percent; None if nothing counted).

    ``prefix`` reaches tasks through a relation (``"tasks__"`` from School); ``extra`` narrows which tasks count.
    """
    pk = f"{prefix}pk" if prefix else "pk"
    extra = extra if extra is not None else Q()

    def count(condition: Q) -> Count:
        return Count(pk, filter=condition & extra)

    counts = {f"n_{state.value}": count(state_q(state, today, prefix)) for state in Compliance}
    counted_q = state_q(COUNTED_STATES[0], today, prefix)
    for state in COUNTED_STATES[1:]:
        counted_q |= state_q(state, today, prefix)
    rate = rate_expression(count(state_q(Compliance.ON_TIME, today, prefix)), count(counted_q))
    return {**counts, "n_total": count(Q(**{f"{pk}__isnull": False})), "n_counted": count(counted_q), "rate": rate}


def compliance_rates(qs: QuerySet, today: date, *group_by: str) -> QuerySet:
    """Grouped counts and rate over a SchoolTask queryset: one query, whatever the number of rows."""
    return qs.order_by().values(*group_by).annotate(**compliance_aggregates(today))


def compliance_totals(qs: QuerySet, today: date) -> dict:
    return qs.order_by().aggregate(**compliance_aggregates(today))


def roadmap_tasks_q(roadmap, prefix: str = "") -> Q:
    """Tasks that come from a roadmap: its items, and the clauses of the order approving it.

    Written as ``item IN (the roadmap's items)`` rather than a join on the item: the database then reads the
    tasks through the item index instead of joining (and scanning) every item of the country.
    """
    from roadmaps.models import OrderClause, RoadmapItem

    condition = Q(**{f"{prefix}item__in": RoadmapItem.objects.filter(roadmap_id=roadmap.pk).values("pk")})
    if roadmap.order_id:
        condition |= Q(**{f"{prefix}clause__in": OrderClause.objects.filter(order_id=roadmap.order_id).values("pk")})
    return condition

"""Compliance figures above one school: per school, per item, per municipality, and the dashboard block."""

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from core.clock import local_today
from schools.models import School
from schools.roles import user_scope
from schools.selectors import municipalities_visible_to, schools_visible_to

from .campaigns import campaigns_with_progress
from .compliance import compliance_aggregates, compliance_rates, compliance_totals
from .scope import school_tasks_visible_to

DASHBOARD_LIMIT = 5
SOURCE_FIELDS = (
    "item_id",
    "clause_id",
    "item__number",
    "item__activity",
    "item__deadline_text",
    "item__roadmap_id",
    "clause__number",
    "clause__text",
    "clause__deadline_text",
    "clause__order_id",
    # The order, to name the source in full (two orders of one year are told apart).
    "item__roadmap__order__number",
    "item__roadmap__order__date",
    "clause__order__number",
    "clause__order__date",
)


def schools_with_compliance(
    user, *, municipality_id: int | None = None, task_q: Q | None = None, today: date | None = None
) -> QuerySet[School]:
    """Visible active schools, each with compliance counts and ``rate``; worst first (no counted tasks last)."""
    today = today or local_today()
    schools = schools_visible_to(user).filter(is_active=True)
    if municipality_id:
        schools = schools.filter(municipality_id=municipality_id)
    return schools.annotate(**compliance_aggregates(today, prefix="tasks__", extra=task_q)).order_by(
        F("rate").asc(nulls_last=True), "-n_overdue", "short_name", "pk"
    )


def source_rates(user, *, municipality_id: int | None = None, today: date | None = None) -> QuerySet:
    """Per roadmap item / order clause: counts and rate over the schools the user may see. One query."""
    today = today or local_today()
    tasks = school_tasks_visible_to(user).filter(school__is_active=True)
    if municipality_id:
        tasks = tasks.filter(school__municipality_id=municipality_id)
    return compliance_rates(
        tasks, today, *SOURCE_FIELDS, "item__position", "clause__position", "school__municipality__short_name"
    ).order_by(
        "school__municipality__short_name",
        F("item__roadmap_id").asc(nulls_last=True),
        F("item__position").asc(nulls_last=True),
        "clause__order_id",
        "clause__position",
    )


def municipality_comparison(user, *, today: date | None = None) -> list:
    """Municipalities side by side: schools, compliance counts and rate, website-check progress. Three queries."""
    today = today or local_today()
    municipalities = list(
        municipalities_visible_to(user)
        .annotate(n_schools=Count("schools", filter=Q(schools__is_active=True), distinct=True))
        .order_by("short_name")
    )
    tasks = school_tasks_visible_to(user).filter(school__is_active=True)
    rates = {row["school__municipality_id"]: row for row in compliance_rates(tasks, today, "school__municipality_id")}
    checks: dict[int, dict] = {}
    for campaign in campaigns_with_progress(user):
        entry = checks.setdefault(campaign.municipality_id, {"campaigns": 0, "checked": 0, "expected": 0})
        entry["campaigns"] += 1
        entry["checked"] += campaign.n_checked
        entry["expected"] += campaign.n_schools
    for municipality in municipalities:
        municipality.rates = rates.get(municipality.pk)
        municipality.checks = checks.get(municipality.pk)
    return municipalities


def dashboard_compliance(user, *, today: date | None = None) -> dict:
    """The dashboard block: totals, the worst schools and the items most overdue, in the user's scope."""
    today = today or local_today()
    tasks = school_tasks_visible_to(user).filter(school__is_active=True)
    worst = (
        compliance_rates(tasks, today, "school_id", "school__short_name", "school__municipality__short_name")
        .filter(Q(n_overdue__gt=0) | Q(n_late__gt=0))
        .order_by(F("rate").asc(nulls_last=True), "-n_overdue", "school__short_name")[:DASHBOARD_LIMIT]
    )
    overdue = (
        compliance_rates(
            tasks,
            today,
            *SOURCE_FIELDS,
            "item__deadline_end",
            "clause__deadline_end",
            "school__municipality__short_name",
        )
        .filter(n_overdue__gt=0)
        .order_by("-n_overdue", "item__deadline_end", "clause__deadline_end")[:DASHBOARD_LIMIT]
    )
    scope = user_scope(user)
    if scope.is_school_head:
        # A head's scope is one school: rankings mean nothing there, their cabinet does.
        return {
            "today": today,
            "totals": compliance_totals(tasks, today),
            "school_id": scope.school_id,
            "worst_schools": [],
            "overdue_items": [],
        }
    return {
        "today": today,
        "totals": compliance_totals(tasks, today),
        "school_id": None,
        "worst_schools": list(worst),
        "overdue_items": list(overdue),
    }

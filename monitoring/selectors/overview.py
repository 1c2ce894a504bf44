"""Compliance figures above one school: per school, per item, per municipality, and the dashboard block."""

from datetime import date

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from core.clock import local_today
from roadmaps.models import OrderClause, RoadmapItem
from schools.models import School
from schools.roles import user_scope
from schools.selectors import municipalities_visible_to, schools_visible_to

from .campaigns import campaign_checks_by_municipality
from ..models.rollups import COUNT_FIELDS
from .compliance import compliance_aggregates, compliance_rates, compliance_totals
from .rollups import (
    rollup_sums, rollup_totals, rollups_current, school_figures, school_rollups, source_rollups, source_sums,
)
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


SCHOOL_ORDERINGS = {
    "rate": ("rate", "-n_overdue", "short_name", "pk"),
    "overdue": ("-n_overdue", "rate", "short_name", "pk"),
    "name": ("short_name", "pk"),
}


def schools_in_rates(user, *, municipality_id: int | None = None) -> QuerySet[School]:
    """The rows of the rates page before counting: for a cheap paginator count."""
    schools = schools_visible_to(user).filter(is_active=True)
    if municipality_id:
        schools = schools.filter(municipality_id=municipality_id)
    return schools


def schools_with_compliance(
    user, *, municipality_id: int | None = None, task_q: Q | None = None, today: date | None = None, order_by=None,
    current: bool | None = None,
) -> QuerySet[School]:
    """Visible active schools, each with compliance counts and ``rate``; worst first (no counted tasks last).
    From the schools' rollups when they are current (``current``: already asked) and no ``task_q`` narrows the
    tasks."""
    today = today or local_today()
    schools = schools_in_rates(user, municipality_id=municipality_id)
    if task_q is None and (current if current is not None else rollups_current(today)):
        figures = school_figures()
    else:
        figures = compliance_aggregates(today, prefix="tasks__", extra=task_q)
    return schools.annotate(**figures).order_by(*(order_by or _ordering(SCHOOL_ORDERINGS["rate"])))


class RatedFirst:
    """The rates page's schools sorted by rate (either way, no rate last), sliced as a paginator slices.

    The rated schools come first in either direction, so a page of them is read from the schools' rollups in the
    order of their index (rate, most overdue first) — not by sorting every school of the country; a page that
    reaches the schools with no rate is read from the full query.
    """

    def __init__(
        self, user, *, municipality_id: int | None, today: date, descending: bool = False, current: bool | None = None
    ):
        current = rollups_current(today) if current is None else current
        self.everyone = schools_with_compliance(
            user, municipality_id=municipality_id, today=today, current=current,
            order_by=_ordering(("-rate", "n_overdue", "-short_name", "-pk") if descending else SCHOOL_ORDERINGS["rate"]),
        )
        rate, overdue = F("rollup__rate"), F("rollup__n_overdue")  # an inner join: neither is empty here
        self.rated = None
        if current:
            self.rated = (
                schools_in_rates(user, municipality_id=municipality_id)
                .filter(rollup__rate__isnull=False)
                .annotate(**school_figures())
                .order_by(*((rate.desc(), overdue.asc(), F("short_name").desc(), F("pk").desc()) if descending
                            else (rate.asc(), overdue.desc(), F("short_name").asc(), F("pk").asc())))
            )

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key:key + 1][0]
        if self.rated is not None and key.stop is not None:
            rows = list(self.rated[key])
            if len(rows) == key.stop - (key.start or 0):
                return rows
        return list(self.everyone[key])

    def count(self) -> int:
        return self.everyone.count()


SOURCE_ORDERINGS = {
    "rate": ("rate", "-n_overdue", "item_key", "clause_key"),
    "overdue": ("-n_overdue", "rate", "item_key", "clause_key"),
    "source": ("item_key", "clause_key"),
}


def source_rates(
    user, *, municipality_id: int | None = None, today: date | None = None, order_by=None, current: bool | None = None
) -> QuerySet:
    """Per roadmap item / order clause: counts and rate over the schools the user may see. One query.

    Grouped by the ids only (grouping by activity or clause text sorts wide rows on disk at national scale);
    the labels of the rows shown come from ``with_source_labels``.
    """
    today = today or local_today()
    if rollups_current(today) if current is None else current:
        rows = source_sums(user, municipality_id=municipality_id)
    else:
        rows = compliance_rates(_active_tasks(user, municipality_id), today, "item_id", "clause_id")
    # Sorted by keys no index provides: ordered by the item id itself, a LIMIT makes PostgreSQL walk the item index
    # over every task of the country instead of counting the scope's tasks first.
    return rows.annotate(item_key=Coalesce("item_id", Value(0)), clause_key=Coalesce("clause_id", Value(0))).order_by(
        *(order_by or _ordering(SOURCE_ORDERINGS["source"]))
    )


def _active_tasks(user, municipality_id: int | None = None):
    tasks = school_tasks_visible_to(user).filter(school__is_active=True)
    return tasks.filter(school__municipality_id=municipality_id) if municipality_id else tasks


def scope_totals(
    user, *, municipality_id: int | None = None, today: date | None = None, current: bool | None = None
) -> dict:
    """Counts per state and the rate over the active schools the user may see (one municipality's when given):
    from the rollups when current (``current``: already asked), else counted."""
    today = today or local_today()
    if rollups_current(today) if current is None else current:
        return rollup_totals(user, municipality_id=municipality_id)
    return compliance_totals(_active_tasks(user, municipality_id), today)


def _municipality_rates(user, today: date, ids=None) -> dict:
    """{municipality id: counts and rate} over the active schools the user may see."""
    if rollups_current(today):
        rows = source_rollups(user)
        if ids is not None:
            rows = rows.filter(municipality_id__in=ids)
        return {r["municipality_id"]: r for r in rollup_sums(rows.order_by().values("municipality_id"))}
    tasks = _active_tasks(user)
    if ids is not None:
        tasks = tasks.filter(school__municipality_id__in=ids)
    return {r["school__municipality_id"]: r for r in compliance_rates(tasks, today, "school__municipality_id")}


def _ordering(fields) -> list:
    return [F(f.lstrip("-")).desc(nulls_last=True) if f.startswith("-") else F(f).asc(nulls_last=True) for f in fields]


def with_source_labels(rows) -> list[dict]:
    """Fill the shown rows (dicts with ``item_id`` / ``clause_id``) with the labels the pages print —
    ``item__number``, ``item__activity``, ``item__deadline_text``, ``clause__…``, the municipality — two queries."""
    rows = list(rows)
    item_ids = {row["item_id"] for row in rows if row.get("item_id")}
    clause_ids = {row["clause_id"] for row in rows if row.get("clause_id")}
    items = {
        i["pk"]: i
        for i in RoadmapItem.objects.filter(pk__in=item_ids).values(
            "pk", "number", "activity", "deadline_text", "deadline_end", "roadmap_id", "position",
            "roadmap__municipality__short_name", "roadmap__region__name",
            # The order, to name the source in full (two orders of one year are told apart).
            "roadmap__order__number", "roadmap__order__date",
        )
    } if item_ids else {}
    clauses = {
        c["pk"]: c
        for c in OrderClause.objects.filter(pk__in=clause_ids).values(
            "pk", "number", "text", "deadline_text", "deadline_end", "order_id", "position",
            "order__municipality__short_name", "order__region__name", "order__number", "order__date",
        )
    } if clause_ids else {}
    for row in rows:
        item, clause = items.get(row.get("item_id")), clauses.get(row.get("clause_id"))
        if item:
            row.update({f"item__{k}": v for k, v in item.items() if k != "pk"})
            row["school__municipality__short_name"] = _owner_name(item, "roadmap")
        if clause:
            row.update({f"clause__{k}": v for k, v in clause.items() if k != "pk"})
            row["school__municipality__short_name"] = _owner_name(clause, "order")
    return rows


def _owner_name(source: dict, prefix: str) -> str:
    """Whose source it is: the municipality's short name, or a regional roadmap's / order's region."""
    return source[f"{prefix}__municipality__short_name"] or source[f"{prefix}__region__name"] or ""


MUNICIPALITY_ORDERINGS = {
    "name": ("short_name", "pk"),
    "schools": ("n_schools", "short_name"),
    "rate": ("rate", "short_name"),
    "overdue": ("-n_overdue", "short_name"),
}
# Sorting by these needs every municipality's figures; by the others only the page's.
FIGURE_SORTS = {"rate", "overdue"}


def municipality_comparison(
    user, *, today: date | None = None, sort: str = "name", descending: bool = False, page=None
) -> list:
    """Municipalities side by side: schools, compliance counts and rate, website-check progress.

    ``page(list_or_queryset) -> Page`` pages the rows (the view passes ``core.listing.page_of``); sorted by
    name, only the page's municipalities are counted. Three queries.
    """
    today = today or local_today()
    municipalities = municipalities_visible_to(user)
    if sort in FIGURE_SORTS:
        rates = _municipality_rates(user, today)
        rows = list(municipalities.order_by("short_name", "pk"))
        for m in rows:
            m.rates = rates.get(m.pk)
        key = (lambda m: (m.rates or {}).get("rate")) if sort == "rate" else (lambda m: (m.rates or {}).get("n_overdue"))
        present = [m for m in rows if key(m) is not None]
        absent = [m for m in rows if key(m) is None]
        present.sort(key=key, reverse=descending != (sort == "overdue"))
        rows = present + absent
        shown = page(rows) if page else rows
    else:
        if sort == "schools":
            ordered = municipalities.annotate(
                n_schools=Count("schools", filter=Q(schools__is_active=True))
            ).order_by(*_ordering(("-n_schools", "short_name") if descending else ("n_schools", "short_name")))
        else:
            ordered = municipalities.order_by(*_ordering(("-short_name", "-pk") if descending else ("short_name", "pk")))
        shown = page(ordered) if page else ordered
        ids = [m.pk for m in shown]
        rates = _municipality_rates(user, today, ids)
        for m in shown:
            m.rates = rates.get(m.pk)
    ids = [m.pk for m in shown]
    # ``ids`` are visible municipalities already: their active schools counted without the scope again.
    counts = dict(
        School.objects.filter(municipality_id__in=ids, is_active=True).order_by().values("municipality_id")
        .annotate(n=Count("pk")).values_list("municipality_id", "n")
    )
    # Each campaign expects every active school of its municipality: counted above.
    checks = campaign_checks_by_municipality(user, ids)
    for municipality in shown:
        municipality.n_schools = counts.get(municipality.pk, 0)
        municipality.checks = checks.get(municipality.pk)
        if municipality.checks:
            municipality.checks["expected"] = municipality.checks["campaigns"] * municipality.n_schools
    return shown


def dashboard_compliance(user, *, today: date | None = None) -> dict:
    """The dashboard block: totals, the worst schools and the items most overdue, in the user's scope.

    Grouped by ids; names and texts are read for the five rows shown.
    """
    today = today or local_today()
    tasks = school_tasks_visible_to(user).filter(school__is_active=True)
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
    if rollups_current(today):
        return _dashboard_from_rollups(user, today)
    worst = list(
        compliance_rates(tasks, today, "school_id")
        .filter(Q(n_overdue__gt=0) | Q(n_late__gt=0))
        .order_by(F("rate").asc(nulls_last=True), "-n_overdue", "school_id")[:DASHBOARD_LIMIT]
    )
    overdue = (
        compliance_rates(tasks, today, "item_id", "clause_id")
        .filter(n_overdue__gt=0)
        .order_by("-n_overdue", "item_id", "clause_id")[:DASHBOARD_LIMIT]
    )
    return _dashboard_block(today, compliance_totals(tasks, today), worst, overdue)


def _dashboard_from_rollups(user, today: date) -> dict:
    """The dashboard block from the rollups: the worst schools by their stored rate (an index), the items most
    overdue summed over the scope's municipalities."""
    worst = list(
        school_rollups(user)
        .filter(Q(n_overdue__gt=0) | Q(n_late__gt=0))
        .annotate(n_counted=F("n_on_time") + F("n_late") + F("n_overdue"))
        # The order of the rollups' index (rate, -n_overdue); n_overdue is never empty, so no NULLS clause for it.
        .order_by(F("rate").asc(nulls_last=True), F("n_overdue").desc(), "school_id")
        .values("school_id", *COUNT_FIELDS, "n_counted", "rate", "school__short_name", "school__municipality__short_name")
        [:DASHBOARD_LIMIT]
    )
    overdue = (
        source_sums(user)
        .filter(n_overdue__gt=0)
        .order_by("-n_overdue", "item_id", "clause_id")[:DASHBOARD_LIMIT]
    )
    return _dashboard_block(today, rollup_totals(user), worst, overdue)


def _dashboard_block(today: date, totals: dict, worst: list, overdue) -> dict:
    """The block's dict; the worst schools' names are read for the rows shown unless they came with them."""
    names = {
        s["pk"]: s
        for s in School.objects.filter(pk__in=[row["school_id"] for row in worst]).values(
            "pk", "short_name", "municipality__short_name"
        )
    } if worst and "school__short_name" not in worst[0] else {}
    for row in worst:
        if "school__short_name" in row:
            continue
        school = names.get(row["school_id"], {})
        row["school__short_name"] = school.get("short_name", "")
        row["school__municipality__short_name"] = school.get("municipality__short_name", "")
    return {
        "today": today,
        "totals": totals,
        "school_id": None,
        "worst_schools": worst,
        "overdue_items": with_source_labels(overdue),
    }

"""Compliance figures read from the rollups (monitoring.services.rollups keeps them equal to a fresh count).

Used only when the rollups are as of the day shown (``rollups_current``); the callers count the tasks otherwise.
"""
from datetime import date

from django.db.models import F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from schools import access

from . import compliance
from ..models import RollupClock, SchoolRollup, SourceRollup, SourceTotal
from ..models.rollups import COUNT_FIELDS


def current_clock(today: date) -> QuerySet[RollupClock]:
    """The clock's row when the rollups count overdue as of ``today``, else none (``Exists`` of it in a query
    that reads the rollups spares the query of ``rollups_current``)."""
    return RollupClock.objects.filter(pk=1, as_of=today)


def rollups_current(today: date) -> bool:
    """The rollups count overdue as of ``today`` (one query)."""
    return current_clock(today).exists()


def rate_expression(on_time, late, overdue):
    return compliance.rate_expression(on_time, on_time + late + overdue)


def rollup_sums(rows: QuerySet) -> QuerySet:
    """Grouped rollup rows (``rows.values(...)``) summed: ``n_on_time`` … ``n_total``, ``n_counted`` and ``rate`` —
    the keys ``compliance_rates`` gives when counting tasks."""
    rows = rows.annotate(**{name: Coalesce(Sum(name), Value(0)) for name in COUNT_FIELDS})
    return rows.annotate(
        n_counted=F("n_on_time") + F("n_late") + F("n_overdue"),
        rate=rate_expression(F("n_on_time"), F("n_late"), F("n_overdue")),
    )


def source_rollups(user, *, municipality_id: int | None = None) -> QuerySet[SourceRollup]:
    """Per municipality and item/clause, over the active schools the user may see."""
    rows = access.visible(user, SourceRollup)
    return rows.filter(municipality_id=municipality_id) if municipality_id else rows


def source_sums(user, *, municipality_id: int | None = None) -> QuerySet:
    """Per item / clause over the active schools the user may see, as ``rollup_sums`` gives them (dicts with
    ``item_id``, ``clause_id``, the counts, ``n_counted`` and ``rate``). The country reads its stored sums
    (SourceTotal: one row per source, ranked by an index); a region or a municipality sums its own rows."""
    if municipality_id is None and access.may_act_at(user, levels=[access.COUNTRY]):
        rows = access.visible(user, SourceTotal).order_by().values("item_id", "clause_id", *COUNT_FIELDS, "rate")
        return rows.annotate(n_counted=F("n_on_time") + F("n_late") + F("n_overdue"))
    return rollup_sums(source_rollups(user, municipality_id=municipality_id).order_by().values("item_id", "clause_id"))


def roadmap_rollups(user, roadmap) -> QuerySet[SourceRollup]:
    """The rows of a roadmap's items and of its order's clauses (the roadmap's tasks, as ``roadmap_tasks_q``)."""
    condition = Q(item__roadmap_id=roadmap.pk)
    if roadmap.order_id:
        condition |= Q(clause__order_id=roadmap.order_id)
    return source_rollups(user).filter(condition)


def rollup_totals(user, *, municipality_id: int | None = None, rows: QuerySet[SourceRollup] | None = None) -> dict:
    rows = (rows if rows is not None else source_rollups(user, municipality_id=municipality_id)).order_by()
    totals = rows.aggregate(**{name: Coalesce(Sum(name), Value(0)) for name in COUNT_FIELDS})
    totals["n_counted"] = totals["n_on_time"] + totals["n_late"] + totals["n_overdue"]
    totals["rate"] = totals["n_on_time"] * 100.0 / totals["n_counted"] if totals["n_counted"] else None
    return totals


def school_figures() -> dict:
    """Annotations of a School queryset from its rollup (a school without tasks: zeros, no rate)."""
    figures = {name: Coalesce(F(f"rollup__{name}"), Value(0)) for name in COUNT_FIELDS}
    figures["n_counted"] = figures["n_on_time"] + figures["n_late"] + figures["n_overdue"]
    figures["rate"] = F("rollup__rate")
    return figures


def school_rollups(user) -> QuerySet[SchoolRollup]:
    return access.visible(user, SchoolRollup).filter(school__is_active=True)

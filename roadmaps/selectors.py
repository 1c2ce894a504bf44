"""Reads with business meaning: what a user may see, what is overdue, progress figures.

Scope: one function per model (``<model>_visible_to`` / ``<model>_changeable_by``);
every view, export and admin queryset goes through them.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse

from core.clock import local_today
from schools.models import Official, Organization
from schools import access

from . import hooks
from .deadlines import Deadline, deadline_warnings
from .models import ItemEvent, Order, OrderCitation, OrderClause, Roadmap, RoadmapItem
from .status import Status, due_soon_q, overdue_q

DUE_SOON_DAYS = 30


# --- scope -----------------------------------------------------------------


def orders_visible_to(user) -> QuerySet[Order]:
    # Regional orders (no municipality) bind every municipality of the region, so all of them read them.
    return access.visible(user, Order.objects.select_related("issuer", "municipality", "controller"))


def order_clauses_visible_to(user) -> QuerySet[OrderClause]:
    return access.visible(user, OrderClause)


def order_citations_visible_to(user) -> QuerySet[OrderCitation]:
    return access.visible(user, OrderCitation)


def roadmaps_visible_to(user) -> QuerySet[Roadmap]:
    return access.visible(user, Roadmap.objects.select_related("municipality", "region", "order", "order__issuer"))


def roadmaps_changeable_by(user) -> QuerySet[Roadmap]:
    return access.changeable(user, Roadmap)


def items_visible_to(user) -> QuerySet[RoadmapItem]:
    return access.visible(user, RoadmapItem.objects.select_related("roadmap", "roadmap__municipality", "roadmap__region"))


def items_changeable_by(user) -> QuerySet[RoadmapItem]:
    return access.changeable(user, RoadmapItem)


def can_change_item(user, item: RoadmapItem) -> bool:
    return items_changeable_by(user).filter(pk=item.pk).exists()


def item_events_visible_to(user) -> QuerySet[ItemEvent]:
    return access.visible(user, ItemEvent.objects.select_related("author", "item"))


# --- progress and deadlines -------------------------------------------------


@dataclass(frozen=True)


class Progress:
    total: int
    done: int
    in_progress: int
    not_started: int
    cancelled: int
    overdue: int
    due_soon: int

    @property
    def percent_done(self) -> int:
        countable = self.total - self.cancelled
        return round(100 * self.done / countable) if countable else 0


def _progress_aggregates(today: date, prefix: str = "") -> dict:
    until = today + timedelta(days=DUE_SOON_DAYS)
    status = f"{prefix}status"
    # Counted by the status (never empty; empty only where a roadmap has no item): the (status, deadline_end) index
    # then holds every column read, and the country's items are counted from it without reading the table.
    # Not DISTINCT: the scope's lookups follow foreign keys up (item → roadmap → municipality → region), which never
    # repeat an item; COUNT(DISTINCT) sorted every item of the country to count them.
    field = status
    return {
        "p_total": Count(field),
        "p_done": Count(field, filter=Q(**{status: Status.DONE})),
        "p_in_progress": Count(field, filter=Q(**{status: Status.IN_PROGRESS})),
        "p_not_started": Count(field, filter=Q(**{status: Status.NOT_STARTED})),
        "p_cancelled": Count(field, filter=Q(**{status: Status.CANCELLED})),
        "p_overdue": Count(field, filter=overdue_q(today, prefix)),
        "p_due_soon": Count(field, filter=due_soon_q(today, until, prefix)),
    }


def _progress_from(row) -> Progress:
    get = row.get if isinstance(row, dict) else (lambda key: getattr(row, key))
    return Progress(
        total=get("p_total") or 0, done=get("p_done") or 0, in_progress=get("p_in_progress") or 0,
        not_started=get("p_not_started") or 0, cancelled=get("p_cancelled") or 0,
        overdue=get("p_overdue") or 0, due_soon=get("p_due_soon") or 0,
    )


ROADMAP_ORDERINGS = {
    "municipality": ("municipality__short_name", "-academic_year", "pk"),
    "year": ("academic_year", "municipality__short_name", "pk"),
    "overdue": ("-p_overdue", "municipality__short_name", "pk"),
}


def roadmaps_with_progress(user, *, today: date | None = None, limit: int | None = None, order_by=None,
                           page=None) -> list[Roadmap]:
    """Visible roadmaps, each with ``.progress`` — one query whatever the item count.

    ``limit`` keeps the first ones; ``page(queryset) -> Page`` pages them (core.listing.page_of).
    """
    today = today or local_today()
    order = order_by or ("-academic_year", "municipality__short_name", "pk")
    visible = roadmaps_visible_to(user)
    if limit is not None:
        # The first ones chosen before counting: counting every roadmap of the country to show ten is not needed.
        visible = visible.filter(pk__in=Subquery(visible.order_by(*order).values("pk")[:limit]))
    if page is not None and not _orders_by_progress(order):
        # Paged by a roadmap's own fields: the page's roadmaps chosen first, only their items counted.
        ids = list(page(visible.order_by(*order).values_list("pk", flat=True)).object_list)
        visible = visible.filter(pk__in=ids)
        page = None
    qs = visible.annotate(**_progress_aggregates(today, prefix="items__")).order_by(*order)
    roadmaps = list(page(qs).object_list if page else qs)
    for roadmap in roadmaps:
        roadmap.progress = _progress_from(roadmap)
    return roadmaps


def _orders_by_progress(order) -> bool:
    """Whether an ordering (names or ``F(...).asc()``) sorts by a progress figure."""
    names = [f if isinstance(f, str) else getattr(getattr(f, "expression", None), "name", "") for f in order]
    return any(name.lstrip("-").startswith("p_") for name in names)


def progress_in_scope(user, *, today: date | None = None) -> Progress:
    """The progress of every item the user may see, as one aggregate (not a sum over roadmaps)."""
    today = today or local_today()
    return _progress_from(items_visible_to(user).order_by().aggregate(**_progress_aggregates(today)))


def progress_of(items: list[RoadmapItem]) -> Progress:
    """The progress of items already read through ``with_overdue`` and ``with_due_soon``: the figures
    ``_progress_aggregates`` counts in the database, counted over the rows in hand (the roadmap page reads all its
    items anyway)."""
    statuses = Counter(item.status for item in items)
    return Progress(
        total=len(items), done=statuses[Status.DONE], in_progress=statuses[Status.IN_PROGRESS],
        not_started=statuses[Status.NOT_STARTED], cancelled=statuses[Status.CANCELLED],
        overdue=sum(1 for item in items if item.is_overdue), due_soon=sum(1 for item in items if item.is_due_soon),
    )


def total_progress(roadmaps: list[Roadmap]) -> Progress:
    fields = Progress.__dataclass_fields__
    return Progress(**{name: sum(getattr(r.progress, name) for r in roadmaps) for name in fields})


def with_overdue(qs: QuerySet[RoadmapItem], *, today: date | None = None) -> QuerySet[RoadmapItem]:
    """Annotate ``is_overdue`` in the database, by the one rule in roadmaps.status."""
    today = today or local_today()
    return qs.annotate(is_overdue=_flag(overdue_q(today)))


def with_due_soon(qs: QuerySet[RoadmapItem], *, today: date | None = None) -> QuerySet[RoadmapItem]:
    """Annotate ``is_due_soon`` (the period ends within DUE_SOON_DAYS and the item is open), by roadmaps.status."""
    today = today or local_today()
    return qs.annotate(is_due_soon=_flag(due_soon_q(today, today + timedelta(days=DUE_SOON_DAYS))))


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def items_overdue(user, *, today: date | None = None) -> QuerySet[RoadmapItem]:
    today = today or local_today()
    return items_visible_to(user).filter(overdue_q(today)).order_by("deadline_end", "roadmap_id", "position")


def item_for_page(user, pk: int, *, today: date | None = None) -> RoadmapItem:
    """One item for its page: 404 outside the user's scope. (The page shows ``responsible_text``; the responsible
    officials and organizations are not read, so not prefetched. Of the approving order only its date is read, as
    ``order_date``, for ``item_deadline_warnings``.)"""
    qs = with_overdue(items_visible_to(user).order_by(), today=today).annotate(order_date=F("roadmap__order__date"))
    return get_object_or_404(qs, pk=pk)


def item_page_flags(user, item: RoadmapItem) -> tuple[bool, bool]:
    """For the item page, in one query: whether the user may change the item (as ``can_change_item``), and whether
    professional events or procedure observations cite it (the page then links to which schools took part; the
    relations are named, not imported: the procedures app sits above this one)."""
    changeable = items_changeable_by(user).filter(pk=item.pk).order_by()
    cited = RoadmapItem.objects.filter(
        Q(professional_events__isnull=False) | Q(procedure_observations__isnull=False), pk=item.pk
    ).order_by()
    flags = set(
        changeable.annotate(flag=Value("change")).values_list("flag", flat=True)
        .union(cited.annotate(flag=Value("cited")).values_list("flag", flat=True))
    )
    return "change" in flags, "cited" in flags


def items_due_soon(user, *, today: date | None = None, days: int = DUE_SOON_DAYS) -> QuerySet[RoadmapItem]:
    today = today or local_today()
    return items_visible_to(user).filter(due_soon_q(today, today + timedelta(days=days))).order_by(
        "deadline_end", "roadmap_id", "position"
    )


@dataclass(frozen=True)


class ItemFilters:
    status: str = ""
    responsible: str = ""  # "o<id>" official, "g<id>" organization, "schools" for all schools
    overdue: bool = False
    q: str = ""


def roadmap_items(roadmap: Roadmap, filters: ItemFilters | None = None, *, today: date | None = None) -> QuerySet[RoadmapItem]:
    """A roadmap's items, filtered (one query; the pages and the export show ``responsible_text``, so the
    responsible officials and organizations are not read)."""
    today = today or local_today()
    filters = filters or ItemFilters()
    qs = RoadmapItem.objects.filter(roadmap=roadmap)
    if filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    if filters.q:
        qs = qs.filter(Q(activity__icontains=filters.q) | Q(responsible_text__icontains=filters.q))
    kind, _, raw_id = filters.responsible.partition(":")
    if kind == "schools":
        qs = qs.filter(all_schools=True)
    elif raw_id.isdigit() and kind == "official":
        qs = qs.filter(responsible_officials__id=int(raw_id)).distinct()  # through a many-to-many: no repeats
    elif raw_id.isdigit() and kind == "organization":
        qs = qs.filter(responsible_organizations__id=int(raw_id)).distinct()
    return with_overdue(qs.order_by("position", "pk"), today=today)


def roadmap_all_items(roadmap: Roadmap, *, today: date | None = None) -> list[RoadmapItem]:
    """Every item of a roadmap with ``is_overdue`` and ``is_due_soon``: its page counts the progress from them
    (``progress_of``) and shows them when no filter is set (``items_shown``). One query."""
    today = today or local_today()
    return list(with_due_soon(roadmap_items(roadmap, today=today), today=today))


def items_shown(roadmap: Roadmap, filters: ItemFilters, all_items: list[RoadmapItem], *,
                today: date | None = None) -> list[RoadmapItem]:
    """The items a roadmap page lists: ``all_items`` (roadmap_all_items) when no filter is set, else those the
    filters keep (one more query)."""
    if filters == ItemFilters():
        return all_items
    return list(roadmap_items(roadmap, filters, today=today))


def responsible_choices(roadmap: Roadmap, *, all_schools: bool | None = None) -> list[tuple[str, str]]:
    """Options for the «Ответственный» filter: everyone named in this roadmap, officials (by name) then
    organizations (by short name), read in one query. ``all_schools``: whether an item is addressed to «все ОО»,
    when the caller knows it (the roadmap page has read every item); asked here otherwise."""
    named = {"roadmap_items__roadmap": roadmap}
    officials = Official.objects.filter(**named).annotate(group=Value(0), key=F("surname"), key2=F("initials"))
    organizations = Organization.objects.filter(**named).annotate(group=Value(1), key=F("short_name"), key2=Value(""))
    fields = ("group", "pk", "key", "key2")
    rows = (officials.order_by().values_list(*fields).union(organizations.order_by().values_list(*fields))
            .order_by("group", "key", "key2", "pk"))
    choices = [
        (f"official:{pk}", Official(surname=key, initials=key2).short_name) if group == 0 else (f"organization:{pk}", key)
        for group, pk, key, key2 in rows
    ]
    if all_schools is None:
        all_schools = RoadmapItem.objects.filter(roadmap=roadmap, all_schools=True).exists()
    if all_schools:
        choices.append(("schools", "Руководители ОО (все школы)"))
    return choices


def item_history(item: RoadmapItem) -> QuerySet[ItemEvent]:
    return item.events.select_related("author").order_by("-created_at", "-id")  # the history names the author only


def order_clauses(order: Order) -> QuerySet[OrderClause]:
    return order.clauses.prefetch_related("responsible_officials", "responsible_organizations").order_by("position")


def item_deadline_warnings(item: RoadmapItem) -> list[str]:
    """Warnings about the stored period (e.g. it ends before the approving order was signed); ``item`` from
    ``item_for_page`` (its ``order_date``)."""
    deadline = Deadline(
        text=item.deadline_text, start=item.deadline_start, end=item.deadline_end,
        recognized=item.deadline_recognized, kind="stored",
    )
    return deadline_warnings(deadline, order_date=item.order_date)


# --- an «все ОО» item's schools (filled by monitoring through roadmaps.hooks) ----------


def with_schools_progress(items, *, today: date | None = None) -> list[RoadmapItem]:
    """The items as a list, each «все ОО» one with ``.schools`` (a hooks.SchoolsProgress). One query."""
    today = today or local_today()
    items = list(items)
    progress = hooks.schools_progress([item.pk for item in items if item.all_schools], today)
    for item in items:
        item.schools = progress.get(item.pk) if item.all_schools else None
    return items


def item_schools_progress(item: RoadmapItem, *, today: date | None = None) -> hooks.SchoolsProgress | None:
    if not item.all_schools:
        return None
    return hooks.schools_progress([item.pk], today or local_today()).get(item.pk, hooks.SchoolsProgress())


def item_schools(user, item: RoadmapItem, *, today: date | None = None) -> list:
    return hooks.item_schools(user, item, today or local_today()) if item.all_schools else []


def item_municipalities(user, item: RoadmapItem, *, today: date | None = None) -> hooks.SourceMunicipalities | None:
    """A regional «все МОУО» item's municipalities in the user's scope, each with its task's state."""
    if not item.all_municipalities:
        return None
    found = hooks.source_municipalities(user, item_ids=[item.pk], today=today or local_today())
    return hooks.SourceMunicipalities(found.get(("item", item.pk), []))


def with_municipalities(user, clauses, *, today: date | None = None) -> list[OrderClause]:
    """The clauses as a list, each «все МОУО» one with ``.municipalities`` (hooks.SourceMunicipalities). One query."""
    clauses = list(clauses)
    wanted = [clause.pk for clause in clauses if clause.all_municipalities]
    found = hooks.source_municipalities(user, clause_ids=wanted, today=today or local_today()) if wanted else {}
    for clause in clauses:
        clause.municipalities = (hooks.SourceMunicipalities(found.get(("clause", clause.pk), []))
                                 if clause.all_municipalities else None)
    return clauses


# --- the timeline -------------------------------------------------------------------------


def timeline_tasks(roadmap: Roadmap, *, today: date | None = None) -> tuple[list[dict], list[RoadmapItem]]:
    """Bars for the roadmap timeline (one per item with a parsed period) and the items without one. One query.

    An item with only an end («до 01.09.2022») is drawn from the order's date (or the roadmap's start) to it.
    """
    today = today or local_today()
    order_date = roadmap.order.date if roadmap.order_id else None
    bars, undated = [], []
    for item in with_overdue(RoadmapItem.objects.filter(roadmap=roadmap).order_by("position", "pk"), today=today):
        end = item.deadline_end
        if end is None:
            undated.append(item)
            continue
        start = item.deadline_start or next((d for d in (order_date, roadmap.period_start) if d and d <= end), end)
        status = "overdue" if item.is_overdue else item.status
        bars.append({
            "id": f"item-{item.pk}",
            "number": item.number,
            "name": f"{item.number}. {item.activity[:90]}{'…' if len(item.activity) > 90 else ''}",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "progress": 100 if item.status == Status.DONE else 0,
            "custom_class": f"status-{status}",
            "status": Status(item.status).label + (", просрочено" if item.is_overdue else ""),
            "deadline_text": item.deadline_text,
            "period": f"{start:%d.%m.%Y} – {end:%d.%m.%Y}" if start != end else f"{end:%d.%m.%Y}",
            "url": reverse("roadmaps:item_detail", args=[item.pk]),
        })
    return bars, undated

"""An «все ОО» item seen from its schools: progress N of M, the schools and their states (roadmaps.hooks)."""

import html
from datetime import date
from typing import NamedTuple

from django.db.models import Case, Count, Exists, F, IntegerField, Q, Sum, Value, When
from django.utils.safestring import SafeString

from roadmaps.hooks import SchoolsProgress
from roadmaps.status import STATUS_BADGES, Status

from ..models import Compliance, SchoolTask, SourceRollup
from .compliance import STATE_COLOURS, compliance_state, state_q
from .matrix import task_url_pattern
from .rollups import current_clock, rollups_current
from .scope import school_tasks_visible_to


def items_schools_progress(item_ids: list[int], today: date) -> dict[int, SchoolsProgress]:
    """Per item: its active schools' tasks, how many done, how many overdue; summed from the rollups when they are
    current. One query (the rollups' date checked in it; a second one when it finds no row)."""
    if not item_ids:
        return {}
    rows = list(
        SourceRollup.objects.filter(Exists(current_clock(today)), item_id__in=item_ids).order_by().values("item_id")
        .annotate(total=Sum("n_total"), cancelled=Sum("n_cancelled"), on_time=Sum("n_on_time"),
                  late=Sum("n_late"), overdue=Sum("n_overdue"))
    )
    if rows or rollups_current(today):
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


ITEM_SCHOOLS_LIMIT = 100  # rows on the item page; every school is in the compliance matrix
# Overdue schools first, then the ones still working, then those done, then cancelled.
RANK = {"overdue": 0, "not_due": 1, "no_deadline": 1, "late": 2, "on_time": 2, "cancelled": 3}


class ItemSchoolRow(NamedTuple):
    pk: int  # the task
    school_id: int
    compliance: str
    row_html: str  # the table row on the item page


def item_school_rows(user, item, today: date, *, limit: int | None = None) -> list[ItemSchoolRow]:
    """For the item page: overdue schools first, then the ones still working, then those done — the first
    ``limit`` of them, ranked in the database (a 1,000-school municipality's item is not rendered whole).
    Each row carries ``row_html``, its table row, written here: a template spends most of the page on them."""
    # On the states' conditions, not on the ``compliance`` annotation: the database then evaluates each condition
    # once, not the whole state expression once per rank.
    rank = Case(*(When(state_q(state, today), then=Value(n)) for state, n in RANK.items() if n != 1), default=Value(1),
                output_field=IntegerField())
    # The item's tasks in the user's scope. They are its roadmap's schools' (monitoring.services.tasks), as in the
    # compliance matrix: said here too, so the database reads those schools through their municipality's index,
    # not the whole country.
    tasks = school_tasks_visible_to(user).filter(item=item, school__is_active=True)
    roadmap = item.roadmap
    if roadmap.municipality_id:
        tasks = tasks.filter(school__municipality_id=roadmap.municipality_id)
    elif roadmap.region_id:
        tasks = tasks.filter(school__municipality__region_id=roadmap.region_id)
    tasks = tasks.annotate(rank=rank).order_by(
        "rank", F("due_date").asc(nulls_last=True), "school__short_name", "pk"
    ).values_list(*ROW_FIELDS, "rank")  # the rank selected too: the ordering then refers to it, not rebuilt
    task_url = html.escape(task_url_pattern())
    rows = []
    for pk, school_id, name, due_date, extended, status, done_at, _rank in tasks[:limit or ITEM_SCHOOLS_LIMIT]:
        # Each row's state by the same rule in Python, from the values read (building the rule's CASE for the
        # query cost more than the query itself); the database's default where no condition holds.
        state = compliance_state(status, due_date, done_at, today)
        compliance = state.value if state else Compliance.NO_DEADLINE.value
        row_html = ROW_HTML.format(
            overdue="row-overdue" if compliance == Compliance.OVERDUE else "",
            school_id=school_id,
            url=task_url.format(pk),
            name=html.escape(name),
            due=f"{due_date:%d.%m.%Y}" if due_date else "без срока",
            extended=EXTENDED_BADGE if extended else "",
            status=STATUS_BADGE_HTML.get(status) or _status_badge(status),
            compliance=COMPLIANCE_BADGES.get(compliance, ""),
            done=f"{done_at:%d.%m.%Y}" if done_at else "—",
        )
        rows.append(ItemSchoolRow(pk, school_id, compliance, SafeString(row_html)))  # the name is escaped
    return rows


ROW_FIELDS = ("pk", "school_id", "school__short_name", "due_date", "due_date_extended", "status", "done_at")
ROW_HTML = (
    '<tr class="{overdue}" data-school="{school_id}"><td><a href="{url}">{name}</a></td>'
    '<td class="text-nowrap">{due}{extended}</td><td>{status}</td><td>{compliance}</td>'
    '<td class="text-nowrap">{done}</td></tr>'
)
EXTENDED_BADGE = ' <span class="badge text-bg-light border">продлён</span>'
BADGE_HTML = '<span class="badge text-bg-{}">{}</span>'
COMPLIANCE_BADGES = {state: BADGE_HTML.format(STATE_COLOURS[state], html.escape(state.label)) for state in Compliance}


def _status_badge(status: str) -> str:
    label = Status(status).label if status in Status.values else status
    return BADGE_HTML.format(STATUS_BADGES.get(status, "secondary"), html.escape(label))


STATUS_BADGE_HTML = {status: _status_badge(status) for status in Status.values}

"""Municipalities' tasks: created from a regional order's clauses and a regional roadmap's items addressed to
«все МОУО» (every municipal education authority of the region); a municipality's officers report on them."""
from datetime import date

from django.db import transaction

from core.concurrency import lock_for_change
from roadmaps.models import Order, OrderClause, Roadmap, RoadmapItem
from roadmaps.status import CLOSED_STATUSES, MUNICIPALITY, OFFICER, status_transition_check, statuses_settable_by
from schools.models import Municipality
from schools.roles import user_scope
from schools.versions import bump

from ..events import municipality_task_status_recorded, municipality_tasks_deadline_followed
from ..models import MunicipalityTask, MunicipalityTaskEvent
from ..selectors.municipality_tasks import municipality_tasks_changeable_by
from .task_status import status_apply, status_request
from .tasks import SyncResult


def municipality_tasks_sync(*, roadmap: Roadmap | None = None, order: Order | None = None,
                            municipality: Municipality | None = None, school=None) -> SyncResult:
    """Make the municipalities' tasks match the regional items and clauses addressed to «все МОУО». Idempotent.

    Every municipality of the source's region gets a task per open item (not done, not cancelled) and per clause;
    a municipality created later gets them when called with ``municipality=``; each task's due date follows its
    source's deadline_end. Subscribed to ``task_sources_changed`` (a school changes nothing a municipality owes)
    and to ``municipality_added``.
    """
    if school is not None:
        return SyncResult(created=0, moved=0)
    items = RoadmapItem.objects.filter(all_municipalities=True, roadmap__municipality__isnull=True)
    clauses = OrderClause.objects.filter(all_municipalities=True, order__municipality__isnull=True)
    municipalities = Municipality.objects.all()
    if roadmap is not None:
        items = items.filter(roadmap=roadmap)
        clauses = clauses.filter(order_id=roadmap.order_id) if roadmap.order_id else clauses.none()
    if order is not None:
        items = items.filter(roadmap__order=order)
        clauses = clauses.filter(order=order)
    if municipality is not None:
        items = items.filter(roadmap__region_id=municipality.region_id)
        clauses = clauses.filter(order__region_id=municipality.region_id)
        municipalities = municipalities.filter(pk=municipality.pk)
    every_item = list(items.values("pk", "deadline_end", "status", "roadmap__region_id"))
    clauses = list(clauses.values("pk", "deadline_end", "order__region_id"))
    sources = [("item", s["pk"], s["deadline_end"], s["roadmap__region_id"]) for s in every_item
               if s["status"] not in CLOSED_STATUSES]
    sources += [("clause", s["pk"], s["deadline_end"], s["order__region_id"]) for s in clauses]
    by_region: dict[int, list[int]] = {}
    regions = {region for *_, region in sources}
    for pk, region_id in municipalities.filter(region_id__in=regions).values_list("pk", "region_id"):
        by_region.setdefault(region_id, []).append(pk)

    with transaction.atomic():
        created = _create_missing(sources, by_region)
        moved = (_follow_deadlines([(s["pk"], s["deadline_end"]) for s in every_item], "item")
                 + _follow_deadlines([(s["pk"], s["deadline_end"]) for s in clauses], "clause"))
    return SyncResult(created=created, moved=moved)


def _create_missing(sources: list[tuple], by_region: dict[int, list[int]]) -> int:
    ids = [pk for pks in by_region.values() for pk in pks]
    existing = set(MunicipalityTask.objects.filter(municipality_id__in=ids)
                   .values_list("municipality_id", "item_id", "clause_id"))
    new = []
    for field, source_id, due, region_id in sources:
        for municipality_id in by_region.get(region_id, ()):
            key = (municipality_id, source_id, None) if field == "item" else (municipality_id, None, source_id)
            if key not in existing:
                new.append(MunicipalityTask(municipality_id=municipality_id, due_date=due, **{f"{field}_id": source_id}))
    # ignore_conflicts: two syncs racing each other must not fail on the unique constraints.
    MunicipalityTask.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    bump(municipality_ids={task.municipality_id for task in new})  # bulk writes send no signals
    return len(new)


def _follow_deadlines(sources: list[tuple[int, date | None]], field: str) -> int:
    moved = 0
    for source_id, deadline_end in sources:
        stale = MunicipalityTask.objects.filter(**{f"{field}_id": source_id}).exclude(due_date=deadline_end)
        changes = list(stale.values_list("pk", "due_date", "municipality_id"))
        if not changes:
            continue
        MunicipalityTask.objects.filter(pk__in=[pk for pk, *_ in changes]).update(due_date=deadline_end)
        municipality_tasks_deadline_followed(changes=[(pk, old) for pk, old, _ in changes], due_date=deadline_end)
        bump(municipality_ids={municipality_id for *_, municipality_id in changes})
        moved += len(changes)
    return moved


def municipality_task_statuses(user) -> tuple[str, ...]:
    """What ``user`` may set on a municipality's task: its officers report progress; moving or cancelling the
    work is the region's decision (an administrator's in the portal)."""
    return statuses_settable_by(OFFICER if user_scope(user).is_admin else MUNICIPALITY)


def municipality_task_set_status(
    *, task: MunicipalityTask, user, status: str, expected_version: int, comment: str = "", evidence_file=None,
    evidence_url: str = "", done_on: date | None = None,
) -> MunicipalityTaskEvent:
    """A municipality reports on its task: a new status, or a comment / evidence when it stays the same.

    Marking done needs a comment or evidence; ``done_on`` (default today) is the date the work was done.
    """
    level = OFFICER if user_scope(user).is_admin else MUNICIPALITY
    request = status_request(
        level=level, status=status, comment=comment, evidence_file=evidence_file, evidence_url=evidence_url,
        done_on=done_on, refused="Перенести или отменить задачу МОУО может только регион.",
    )
    with transaction.atomic():
        locked = lock_for_change(municipality_tasks_changeable_by(user), pk=task.pk, expected_version=expected_version,
                                 denied="Нет прав на изменение этой задачи.")
        changed = status_transition_check(level=level, from_status=locked.status, to_status=status,
                                          evidence_given=request.evidence_given)
        event = municipality_task_status_recorded(
            task=locked, author=user, to_status=status, comment=request.comment, evidence_file=evidence_file,
            evidence_url=evidence_url, file_kind=request.file_kind,
        )
        status_apply(locked, task, request, changed=changed)
    return event

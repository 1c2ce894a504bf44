"""Per-school tasks: created from roadmap items / order clauses addressed to all schools; status writes."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.clock import local_today
from core.concurrency import lock_for_change
from roadmaps.models import Order, OrderClause, Roadmap, RoadmapItem
from roadmaps.status import CLOSED_STATUSES, OFFICER, SCHOOL, Status, status_transition_check
from schools.models import School
from schools.roles import user_scope

from ..events import task_deadline_extended, task_late_decided, task_status_recorded, tasks_deadline_followed
from ..models import SchoolTask, TaskEvent
from ..selectors import school_tasks_changeable_by
from .rollups import recount_tasks
from .task_status import status_apply, status_request

# A school head reports progress; cancelling or postponing a task is the authority's decision.


@dataclass(frozen=True)
class SyncResult:
    created: int
    moved: int


def school_tasks_sync(
    *, roadmap: Roadmap | None = None, school: School | None = None, order: Order | None = None
) -> SyncResult:
    """Make the tasks match the items and clauses addressed to all schools. Idempotent; safe to call often.

    - every active school of the municipality gets a task per open item (not done, not cancelled) and per clause
      of the municipality's orders; a school created later gets them when called with ``school=``;
    - an item of a REGIONAL roadmap or a clause of a REGIONAL order (no municipality, its region set) addressed to
      all schools is every active school's of the region, the way a municipal one is its municipality's;
    - tasks follow their item's / clause's deadline_end unless an officer extended the school's deadline.
    Narrow the work with ``roadmap=``, ``order=`` (an order imported without a roadmap) or ``school=``; with none,
    everything is synced.
    """
    items = RoadmapItem.objects.filter(all_schools=True)
    clauses = OrderClause.objects.filter(all_schools=True)
    schools = School.objects.filter(is_active=True)
    if roadmap is not None:
        items = items.filter(roadmap=roadmap)
        clauses = clauses.filter(order_id=roadmap.order_id) if roadmap.order_id else clauses.none()
        schools = _schools_of(schools, roadmap.municipality_id, roadmap.region_id)
    if order is not None:
        items = items.filter(roadmap__order=order)
        clauses = clauses.filter(order=order)
        schools = _schools_of(schools, order.municipality_id, order.region_id)
    if school is not None:
        region_id = school.municipality.region_id
        items = items.filter(Q(roadmap__municipality_id=school.municipality_id)
                             | Q(roadmap__municipality__isnull=True, roadmap__region_id=region_id))
        clauses = clauses.filter(Q(order__municipality_id=school.municipality_id)
                                 | Q(order__municipality__isnull=True, order__region_id=region_id))
        schools = schools.filter(pk=school.pk)
    fields = ("pk", "deadline_end", "roadmap__municipality_id", "roadmap__region_id")
    every_item = list(items.values(*fields))
    open_items = list(items.exclude(status__in=CLOSED_STATUSES).values(*fields))
    clauses = list(clauses.values("pk", "deadline_end", "order__municipality_id", "order__region_id"))
    schools_by_owner: dict[tuple[str, int], list[int]] = {}
    for school_id, municipality_id, region_id in schools.values_list("pk", "municipality_id", "municipality__region_id"):
        schools_by_owner.setdefault(("municipality", municipality_id), []).append(school_id)
        schools_by_owner.setdefault(("region", region_id), []).append(school_id)

    # A school added now is not born overdue: what fell due before today waits for the officer's choice.
    late_after = local_today() if school is not None else None
    with transaction.atomic():
        created = _create_missing(open_items, clauses, schools_by_owner, schools, late_after=late_after)
        moved = _follow_deadlines(every_item, "item") + _follow_deadlines(clauses, "clause")
        # Bulk writes send no signals: their rollups are counted again here, after every task write of the sync
        # (task rows locked first, rollup rows after — the order a single task's save takes too).
        if created or moved:
            touched = SchoolTask.objects.filter(
                Q(item_id__in=[i["pk"] for i in every_item]) | Q(clause_id__in=[c["pk"] for c in clauses]),
                school__in=schools.values("pk"),
            )
            recount_tasks(touched)
    return SyncResult(created=created, moved=moved)


def _schools_of(schools, municipality_id: int | None, region_id: int | None):
    """The schools a roadmap or order binds: its municipality's, or — a regional one — its region's."""
    if municipality_id is not None:
        return schools.filter(municipality_id=municipality_id)
    if region_id is not None:
        return schools.filter(municipality__region_id=region_id)
    return schools.none()


def _owner(source: dict, prefix: str) -> tuple[str, int | None]:
    municipality_id = source[f"{prefix}__municipality_id"]
    if municipality_id is not None:
        return "municipality", municipality_id
    return "region", source[f"{prefix}__region_id"]


def _create_missing(
    items: list[dict],
    clauses: list[dict],
    schools_by_owner: dict[tuple[str, int], list[int]],
    schools,
    *,
    late_after: date | None = None,
) -> int:
    existing = set(
        SchoolTask.objects.filter(school__in=schools.values("pk")).values_list("school_id", "item_id", "clause_id")
    )
    new = []
    for field, sources, prefix in (("item", items, "roadmap"), ("clause", clauses, "order")):
        for source in sources:
            for school_id in schools_by_owner.get(_owner(source, prefix), ()):
                key = (school_id, source["pk"], None) if field == "item" else (school_id, None, source["pk"])
                if key not in existing:
                    due = source["deadline_end"]
                    late = late_after is not None and due is not None and due < late_after
                    new.append(
                        SchoolTask(
                            school_id=school_id,
                            due_date=None if late else due,
                            due_date_pending=late,
                            **{f"{field}_id": source["pk"]},
                        )
                    )
    # ignore_conflicts: two syncs racing each other must not fail on the unique constraint.
    SchoolTask.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


def _follow_deadlines(sources: list[dict], field: str) -> int:
    moved = 0
    for source in sources:
        stale = SchoolTask.objects.filter(
            **{f"{field}_id": source["pk"]}, due_date_extended=False, due_date_pending=False
        ).exclude(
            due_date=source["deadline_end"]
        )
        changes = list(stale.values_list("pk", "due_date"))
        if not changes:
            continue
        SchoolTask.objects.filter(pk__in=[pk for pk, _ in changes]).update(due_date=source["deadline_end"])
        tasks_deadline_followed(changes=changes, due_date=source["deadline_end"])
        moved += len(changes)
    return moved


def _lock(*, task: SchoolTask, user, expected_version: int) -> SchoolTask:
    return lock_for_change(
        school_tasks_changeable_by(user), pk=task.pk, expected_version=expected_version,
        denied="Нет прав на изменение этой задачи.",
    )


def school_task_set_status(
    *, task: SchoolTask, user, status: str, expected_version: int, comment: str = "", evidence_file=None,
    evidence_url: str = "", done_on: date | None = None,
) -> TaskEvent:
    """Change a task's status, or add a comment (the head) / a remark (an officer) when it stays the same.

    Marking done needs a comment or evidence; ``done_on`` (default today) is the date the work was done.
    """
    is_head = user_scope(user).is_school_head
    level = SCHOOL if is_head else OFFICER
    request = status_request(
        level=level, status=status, comment=comment, evidence_file=evidence_file, evidence_url=evidence_url,
        done_on=done_on, refused="Отменить или перенести задачу может только специалист муниципалитета.",
    )
    with transaction.atomic():
        locked = _lock(task=task, user=user, expected_version=expected_version)
        changed = status_transition_check(
            level=level, from_status=locked.status, to_status=status, evidence_given=request.evidence_given
        )
        if changed:
            event_kind = TaskEvent.Kind.STATUS
        else:
            event_kind = TaskEvent.Kind.COMMENT if is_head else TaskEvent.Kind.REMARK
        event = task_status_recorded(
            task=locked, author=user, to_status=status, kind=event_kind, comment=request.comment,
            evidence_file=evidence_file, evidence_url=evidence_url, file_kind=request.file_kind,
        )
        status_apply(locked, task, request, changed=changed)
    return event


def school_task_extend(
    *, task: SchoolTask, user, due_date: date, expected_version: int, comment: str = ""
) -> TaskEvent:
    """An officer moves one school's deadline (the item's deadline stays as signed)."""
    if user_scope(user).is_school_head:
        raise PermissionDenied("Продлить срок может только специалист муниципалитета.")
    if not due_date:
        raise ValidationError({"due_date": "Укажите новый срок."})
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Укажите основание продления срока."})
    with transaction.atomic():
        locked = _lock(task=task, user=user, expected_version=expected_version)
        event = task_deadline_extended(task=locked, author=user, due_date=due_date, comment=comment)
        locked.due_date, locked.due_date_extended = due_date, True
        locked.version += 1
        locked.save(update_fields=["due_date", "due_date_extended", "version"])
    task.due_date, task.due_date_extended, task.version = locked.due_date, True, locked.version
    return event


NOT_APPLICABLE = "not_applicable"


def school_task_decide_late(
    *, task: SchoolTask, user, expected_version: int, due_date: date | None = None, not_applicable: bool = False,
    comment: str = "",
) -> TaskEvent:
    """An officer decides a task a school was given after its deadline had passed: a new due date, or
    «не применяется» (the task is cancelled for this school). Recorded as an event either way."""
    if user_scope(user).is_school_head:
        raise PermissionDenied("Срок для новой школы выбирает специалист муниципалитета.")
    if not_applicable == bool(due_date):
        raise ValidationError("Выберите одно: новый срок или «не применяется».")
    if due_date and due_date < local_today():
        raise ValidationError({"due_date": "Новый срок не может быть раньше сегодняшнего дня."})
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(task=task, user=user, expected_version=expected_version)
        if not locked.due_date_pending:
            raise ValidationError("Срок этой задачи уже выбран.")
        if not_applicable:
            event = task_late_decided(task=locked, author=user, due_date=None, cancelled_status=Status.CANCELLED,
                                      comment=comment)
            locked.status, locked.status_changed_at, locked.done_at = Status.CANCELLED, timezone.now(), None
        else:
            event = task_late_decided(task=locked, author=user, due_date=due_date, comment=comment)
            locked.due_date, locked.due_date_extended = due_date, True
        locked.due_date_pending = False
        locked.version += 1
        locked.save(update_fields=[
            "status", "status_changed_at", "done_at", "due_date", "due_date_extended", "due_date_pending", "version",
        ])
    for name in ("status", "status_changed_at", "done_at", "due_date", "due_date_extended", "due_date_pending", "version"):
        setattr(task, name, getattr(locked, name))
    return event

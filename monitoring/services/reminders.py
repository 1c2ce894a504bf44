"""Daily e-mail reminders: N days before a due date and when a task is overdue.

Idempotent, and safe to start twice at the same moment: a run first *claims* its reminders by inserting the
ReminderLog rows (task, kind, day) — unique in the database, inserted with ON CONFLICT DO NOTHING and marked with
the run's own random ``claim`` — then sends only the letters for the rows it inserted itself. A second run, even one
that read the same candidates before the first inserted anything, finds its inserts ignored (on PostgreSQL it waits
on the unique index until the first commits) and sends nothing. If the mail server refuses, the run deletes its
claims, so the next run retries.
- «приближается срок»: once per due date, when it falls within the next N days;
- «срок прошёл»: on the first run after the due date, then at most once a week while the task stays open.
One letter per address: a head whose school owes five tasks gets one letter listing them.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse

from roadmaps.models import OrderClause, RoadmapItem
from schools.models import Role, UserProfile

from ..models import ReminderLog, SchoolTask
from ..models.tasks import task_source_label
from ..selectors.compliance import OPEN_STATUSES

OVERDUE_REPEAT_DAYS = 7


@dataclass
class Letter:
    address: str
    schools: dict = field(default_factory=lambda: defaultdict(lambda: {"due_soon": [], "overdue": []}))
    sources: dict = field(default_factory=lambda: defaultdict(lambda: {"due_soon": [], "overdue": []}))


@dataclass(frozen=True)
class ReminderReport:
    letters: int
    tasks: int
    addresses: tuple[str, ...]


def _candidates(today: date, days_before: int):
    logged = ReminderLog.objects.filter(task=OuterRef("pk"))
    base = SchoolTask.objects.filter(status__in=OPEN_STATUSES, school__is_active=True).select_related(
        "school", "item", "item__roadmap", "item__roadmap__order", "clause", "clause__order"
    )
    due_soon = base.filter(due_date__gte=today, due_date__lte=today + timedelta(days=days_before)).exclude(
        Exists(
            logged.filter(kind=ReminderLog.Kind.DUE_SOON).filter(Q(due_date=OuterRef("due_date")) | Q(sent_on=today))
        )
    )
    overdue = base.filter(due_date__lt=today).exclude(
        Exists(logged.filter(kind=ReminderLog.Kind.OVERDUE, sent_on__gt=today - timedelta(days=OVERDUE_REPEAT_DAYS)))
    )
    return [(ReminderLog.Kind.DUE_SOON, t) for t in due_soon] + [(ReminderLog.Kind.OVERDUE, t) for t in overdue]


def _addresses(*emails: str) -> set[str]:
    return {e.strip().lower() for e in emails if e and e.strip()}


def _head_addresses(tasks) -> dict[int, set[str]]:
    school_ids = {t.school_id for _, t in tasks}
    by_school = defaultdict(set)
    for school_id, email in UserProfile.objects.filter(role=Role.SCHOOL_HEAD, school_id__in=school_ids).values_list(
        "school_id", "user__email"
    ):
        by_school[school_id] |= _addresses(email)
    for _, task in tasks:
        by_school[task.school_id] |= _addresses(task.school.email)
    return by_school


def _official_addresses(tasks) -> dict[tuple[str, int], set[str]]:
    item_ids = {t.item_id for _, t in tasks if t.item_id}
    clause_ids = {t.clause_id for _, t in tasks if t.clause_id}
    by_source = defaultdict(set)
    links = (
        ("item", RoadmapItem.responsible_officials.through, "roadmapitem_id", item_ids),
        ("clause", OrderClause.responsible_officials.through, "orderclause_id", clause_ids),
    )
    for kind, through, column, ids in links:
        rows = through.objects.filter(**{f"{column}__in": ids}).values_list(
            column, "official__email", "official__user__email"
        )
        for source_id, email, user_email in rows:
            by_source[(kind, source_id)] |= _addresses(email, user_email)
    return by_source


def _letters(tasks) -> dict[str, Letter]:
    heads, officials = _head_addresses(tasks), _official_addresses(tasks)
    letters: dict[str, Letter] = {}
    for kind, task in tasks:
        for address in heads.get(task.school_id, ()):
            letters.setdefault(address, Letter(address)).schools[task.school][kind].append(task)
        source_key = ("item", task.item_id) if task.item_id else ("clause", task.clause_id)
        for address in officials.get(source_key, ()):
            letters.setdefault(address, Letter(address)).sources[task.source][kind].append(task)
    return letters


def _message(letter: Letter, *, today: date, days_before: int, base_url: str) -> EmailMessage:
    context = {
        "today": today,
        "days_before": days_before,
        "base_url": base_url,
        "schools": [
            (school, groups) for school, groups in sorted(letter.schools.items(), key=lambda p: p[0].short_name)
        ],
        "sources": [
            {
                "label": _source_label(source),
                "activity": getattr(source, "activity", None) or source.text,
                "deadline_text": source.deadline_text,
                "deadline_end": source.deadline_end,
                **groups,
            }
            for source, groups in letter.sources.items()
        ],
        "cabinet_url": base_url + reverse("monitoring:cabinet"),
        "matrix_url": base_url + reverse("monitoring:compliance_matrix"),
    }
    body = render_to_string("monitoring/email/reminder.txt", context)
    subject = "Портал ВСОКО: сроки задач по дорожной карте"
    if any(groups["overdue"] for _, groups in context["schools"]) or any(s["overdue"] for s in context["sources"]):
        subject = "Портал ВСОКО: есть просроченные задачи по дорожной карте"
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[letter.address])


def _source_label(source) -> str:
    if isinstance(source, RoadmapItem):
        order = source.roadmap.order
        return task_source_label(item_number=source.number, clause_number=None,
                                 order_number=order.number if order else "", order_date=order.date if order else None)
    return task_source_label(item_number=None, clause_number=source.number,
                             order_number=source.order.number, order_date=source.order.date)


def reminders_send(*, today: date, days_before: int = 7, dry_run: bool = False) -> ReminderReport:
    if days_before < 0:
        raise ValueError("days_before must be >= 0")
    tasks = _candidates(today, days_before)
    if dry_run or not tasks:
        return _report(tasks, _letters(tasks))
    tasks, claim = _claim(tasks, today)
    try:
        letters = _letters(tasks)
        base_url = settings.PORTAL_BASE_URL.rstrip("/")
        messages = [
            _message(letter, today=today, days_before=days_before, base_url=base_url) for letter in letters.values()
        ]
        if messages:
            get_connection().send_messages(messages)
    except BaseException:
        ReminderLog.objects.filter(claim=claim).delete()  # nothing went out (the mail server refused): retry later
        raise
    return _report(tasks, letters)


def _report(tasks, letters) -> ReminderReport:
    return ReminderReport(letters=len(letters), tasks=len(tasks), addresses=tuple(sorted(letters)))


def _recipients(letters: dict[str, Letter]) -> dict[int, set[str]]:
    recipients = defaultdict(set)
    for letter in letters.values():
        for groups in list(letter.schools.values()) + list(letter.sources.values()):
            for kind_tasks in groups.values():
                for task in kind_tasks:
                    recipients[task.pk].add(letter.address)
    return recipients


def _claim(tasks, today: date) -> tuple[list, str]:
    """Insert-first: the (task, kind, today) rows this run managed to insert are its to send; the rest are not."""
    claim = uuid.uuid4().hex
    recipients = _recipients(_letters(tasks))
    with transaction.atomic():
        ReminderLog.objects.bulk_create(
            [
                ReminderLog(
                    task=task, kind=kind, sent_on=today, due_date=task.due_date, claim=claim,
                    recipients=", ".join(sorted(recipients.get(task.pk, ()))),
                )
                for kind, task in tasks
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
    mine = set(ReminderLog.objects.filter(claim=claim).values_list("task_id", "kind"))
    return [(kind, task) for kind, task in tasks if (task.pk, kind) in mine], claim

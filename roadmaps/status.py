"""Item and task statuses, their transitions (which may follow which, who may set it), and «просрочено».

`TRANSITIONS` is the one place that says it; `CLOSED_STATUSES`, `HEAD_STATUSES` and the services ask it.
"""
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Не начато"
    IN_PROGRESS = "in_progress", "В работе"
    DONE = "done", "Выполнено"
    POSTPONED = "postponed", "Перенесено"
    CANCELLED = "cancelled", "Отменено"


# Levels that set a status: the school head (own school's tasks), an officer (municipal and above: the authority
# that set the work), and a municipality reporting to its region on the tasks a regional order gave it.
SCHOOL = "school"
OFFICER = "officer"
MUNICIPALITY = "municipality"
REPORTING = frozenset({SCHOOL, OFFICER, MUNICIPALITY})  # those who report progress
ANY = frozenset(Status.values)


@dataclass(frozen=True)
class StatusRule:
    set_by: frozenset  # the levels that may set this status
    follows: frozenset = ANY  # the statuses it may follow
    closes: bool = False  # a closed item or task can no longer become overdue


TRANSITIONS: dict[str, StatusRule] = {
    Status.NOT_STARTED: StatusRule(set_by=REPORTING),
    Status.IN_PROGRESS: StatusRule(set_by=REPORTING),
    Status.DONE: StatusRule(set_by=REPORTING, closes=True),
    # Moving or cancelling work is the decision of the authority that set it, never of the one that reports.
    Status.POSTPONED: StatusRule(set_by=frozenset({OFFICER})),
    Status.CANCELLED: StatusRule(set_by=frozenset({OFFICER}), closes=True),
}

CLOSED_STATUSES = tuple(status for status, rule in TRANSITIONS.items() if rule.closes)


def statuses_settable_by(level: str) -> tuple[str, ...]:
    return tuple(status for status, rule in TRANSITIONS.items() if level in rule.set_by)


HEAD_STATUSES = statuses_settable_by(SCHOOL)


def may_set(*, level: str, from_status: str, to_status: str) -> bool:
    rule = TRANSITIONS.get(to_status)
    return rule is not None and level in rule.set_by and from_status in rule.follows


def status_request_check(*, to_status: str, evidence_given: bool) -> None:
    """Before the row is locked: a known status; «выполнено» needs a comment or evidence."""
    if to_status not in Status.values:
        raise ValidationError({"status": "Неизвестный статус."})
    if to_status == Status.DONE and not evidence_given:
        raise ValidationError("Чтобы отметить выполнение, добавьте комментарий или подтверждение (файл или ссылку).")


def status_transition_check(*, level: str, from_status: str, to_status: str, evidence_given: bool) -> bool:
    """On the locked row: the transition is allowed (or the status stays and something is added). Changed?"""
    if from_status == to_status:
        if not evidence_given:
            raise ValidationError("Статус не изменился: добавьте комментарий или подтверждение.")
        return False
    if not may_set(level=level, from_status=from_status, to_status=to_status):
        raise ValidationError({"status": (
            f"Из статуса «{Status(from_status).label}» нельзя перейти в «{Status(to_status).label}»."
        )})
    return True

STATUS_BADGES = {
    Status.NOT_STARTED: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.DONE: "success",
    Status.POSTPONED: "warning",
    Status.CANCELLED: "dark",
}


def overdue_q(today: date, prefix: str = "") -> Q:
    """Overdue = the period has ended (end < today) and the item is not closed."""
    return Q(**{f"{prefix}deadline_end__lt": today}) & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})


def due_soon_q(today: date, until: date, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}deadline_end__gte": today, f"{prefix}deadline_end__lte": until})
        & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})
    )


def is_overdue(*, status: str, deadline_end: date | None, today: date) -> bool:
    return deadline_end is not None and deadline_end < today and status not in CLOSED_STATUSES

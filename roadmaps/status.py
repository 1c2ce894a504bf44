"""Item statuses and the one rule for «просрочено» (overdue)."""
from datetime import date

from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Не начато"
    IN_PROGRESS = "in_progress", "В работе"
    DONE = "done", "Выполнено"
    POSTPONED = "postponed", "Перенесено"
    CANCELLED = "cancelled", "Отменено"


# Statuses that close an item: it can no longer become overdue.
CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)

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

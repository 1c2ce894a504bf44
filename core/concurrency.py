"""Optimistic locking: a write based on a version someone else has already moved past is refused.

The one lock of the portal: items, school tasks, website checks and act reviews all go through it.
"""
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet


class EditConflict(Exception):
    """Someone else changed the object after this user opened it."""

    message = (
        "Пока вы редактировали запись, её изменил другой пользователь. "
        "Ваши изменения не сохранены: проверьте новое состояние и повторите."
    )


Message = str | Callable[[Model], str]


def lock_row(queryset: QuerySet) -> Model | None:
    """Lock the first row of ``queryset`` inside the caller's transaction; None when there is none.

    Only the row itself is locked (PostgreSQL refuses FOR UPDATE on the nullable side of an outer join),
    with no ordering joins.
    """
    return queryset.order_by().select_for_update(of=("self",)).first()


def check_version(obj: Model, expected, *, field: str = "version", message: Message = EditConflict.message,
                  error: type[EditConflict] = EditConflict) -> None:
    """Refuse when ``obj.<field>`` is no longer what the user saw."""
    if getattr(obj, field) != expected:
        raise error(message(obj) if callable(message) else message)


def bump_version(obj: Model, field: str = "version") -> None:
    """Every write moves the version on, so a write based on the old one is refused."""
    setattr(obj, field, (getattr(obj, field) or 0) + 1)


def lock_for_change(changeable: QuerySet, *, pk: int, expected_version, denied: str, field: str = "version",
                    message: Message = EditConflict.message, error: type[EditConflict] = EditConflict) -> Model:
    """Lock the row within the user's scope (``changeable``, a scoping selector) at the version they saw."""
    locked = lock_row(changeable.filter(pk=pk))
    if locked is None:
        raise PermissionDenied(denied)
    check_version(locked, expected_version, field=field, message=message, error=error)
    return locked

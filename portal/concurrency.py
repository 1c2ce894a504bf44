"""Optimistic locking: a write based on a version someone else has already moved past is refused."""
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet


class EditConflict(Exception):
    """Someone else changed the object after this user opened it."""

    message = (
        "Пока вы редактировали запись, её изменил другой пользователь. "
        "Ваши изменения не сохранены: проверьте новое состояние и повторите."
    )


def lock_for_change(changeable: QuerySet, *, pk: int, expected_version: int, denied: str) -> Model:
    """Lock the row inside the caller's transaction, within the user's scope, at the version they saw.

    ``changeable`` is the scoping selector's queryset; only the row itself is locked (PostgreSQL refuses
    FOR UPDATE on the nullable side of an outer join), with no ordering joins.
    """
    locked = changeable.filter(pk=pk).order_by().select_for_update(of=("self",)).first()
    if locked is None:
        raise PermissionDenied(denied)
    if locked.version != expected_version:
        raise EditConflict(EditConflict.message)
    return locked

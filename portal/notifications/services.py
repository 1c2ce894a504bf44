"""Writes: a notification is created once per (user, event key) and marked read by its owner only."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from monitoring.models import SchoolTask
from monitoring.selectors.compliance import OPEN_STATUSES
from schools.models import Role, UserProfile

from .models import Notification


def school_heads(school_id: int) -> list:
    return list(get_user_model().objects.filter(
        is_active=True, profile__role=Role.SCHOOL_HEAD, profile__school_id=school_id
    ))


def notify(*, users, kind: str, title: str, url: str, key: str, text: str = "") -> int:
    rows = [Notification(user=user, kind=kind, title=title[:300], text=text[:500], url=url, key=key[:100])
            for user in users]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def notification_open(*, notification: Notification, user) -> str:
    """Mark one of the user's notifications read; returns where it leads."""
    if notification.user_id != user.pk:
        raise PermissionDenied("Это уведомление адресовано другому пользователю.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification.url


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notify_overdue_tasks(*, user, today: date) -> int:
    """A head is told once about each task of their school that became overdue (once per due date). Three queries."""
    profile = UserProfile.objects.filter(user=user, role=Role.SCHOOL_HEAD).only("school_id").first()
    if profile is None:
        return 0
    tasks = list(
        SchoolTask.objects.filter(school_id=profile.school_id, school__is_active=True, status__in=OPEN_STATUSES,
                                  due_date__lt=today)
        .select_related("item", "item__roadmap__order", "clause", "clause__order")
    )
    keyed = {f"overdue:{task.pk}:{task.due_date:%Y%m%d}": task for task in tasks}
    if not keyed:
        return 0
    told = set(Notification.objects.filter(user=user, key__in=list(keyed)).values_list("key", flat=True))
    rows = [
        Notification(
            user=user, kind=Notification.Kind.OVERDUE, key=key, url=reverse("monitoring:task_detail", args=[task.pk]),
            title=f"Просрочена задача: {task.source_label}"[:300],
            text=f"Срок был {task.due_date:%d.%m.%Y}. {task.activity}"[:500],
        )
        for key, task in keyed.items() if key not in told
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)

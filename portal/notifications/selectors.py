from django.db.models import QuerySet

from .models import Notification


def notifications_of(user) -> QuerySet[Notification]:
    """Only the user's own notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()

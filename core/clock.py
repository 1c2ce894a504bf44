"""The portal's clock: dates are Kemerovo dates (settings.TIME_ZONE), whatever the server's clock zone."""
from datetime import date, datetime

from django.utils import timezone


def local_today() -> date:
    """Today on Kemerovo time."""
    return timezone.localdate()


def as_local(dt: datetime) -> datetime:
    return timezone.localtime(dt)

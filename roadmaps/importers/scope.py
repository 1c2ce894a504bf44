"""Who may load orders, and where: administrators anywhere, a municipal officer only into their own
municipality, a regional specialist only their region's own (regional) orders; school heads and federal
specialists read only."""
from django.db.models import QuerySet

from schools import access
from schools.access import REGION
from schools.models import Municipality, Region
from schools.selectors import municipalities_changeable_by


def municipalities_importable_by(user) -> QuerySet[Municipality]:
    return municipalities_changeable_by(user)


def regions_importable_by(user) -> QuerySet[Region]:
    """The regions whose own orders the user loads: every region for an administrator, theirs for a regional
    specialist."""
    if not access.may_act_at(user, levels=[REGION]):
        return Region.objects.none()
    return access.visible(user, Region)

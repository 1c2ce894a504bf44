"""Which reference objects a user may see. One function per model, each a use of the one access rule
(schools.access); views, exports, admin and APIs all go through them."""
from django.db.models import QuerySet

from . import access
from .access import MUNICIPALITY
from .models import Municipality, Official, Organization, Region, School


def regions_visible_to(user) -> QuerySet[Region]:
    return access.visible(user, Region)


def municipalities_visible_to(user) -> QuerySet[Municipality]:
    return access.visible(user, Municipality)


def municipalities_changeable_by(user, *, levels=(MUNICIPALITY,)) -> QuerySet[Municipality]:
    """Where the user acts for a municipality (loads orders, schools): an administrator anywhere, an officer in theirs."""
    return access.changeable(user, Municipality, levels=levels)


def schools_visible_to(user) -> QuerySet[School]:
    return access.visible(user, School.objects.select_related("municipality"))


def schools_editable_by(user) -> QuerySet[School]:
    return access.changeable(user, School)


def organizations_visible_to(user) -> QuerySet[Organization]:
    """Regional bodies (no municipality) are visible to everyone signed in with a role."""
    return access.visible(user, Organization.objects.select_related("municipality"))


def officials_visible_to(user) -> QuerySet[Official]:
    return access.visible(user, Official.objects.select_related("organization", "school", "municipality"))

"""Which reference objects a user may see. One function per model; views, exports,
admin and APIs all go through them."""
from django.db.models import Q, QuerySet

from .models import Municipality, Official, Organization, School
from .roles import user_scope


def municipalities_visible_to(user) -> QuerySet[Municipality]:
    scope = user_scope(user)
    qs = Municipality.objects.all()
    if scope.sees_everything:
        return qs
    if scope.municipality_id:
        return qs.filter(pk=scope.municipality_id)
    return qs.none()


def schools_visible_to(user) -> QuerySet[School]:
    scope = user_scope(user)
    qs = School.objects.select_related("municipality")
    if scope.sees_everything:
        return qs
    if scope.is_school_head:
        return qs.filter(pk=scope.school_id)
    if scope.is_municipal:
        return qs.filter(municipality_id=scope.municipality_id)
    return qs.none()


def schools_editable_by(user) -> QuerySet[School]:
    scope = user_scope(user)
    if scope.is_admin:
        return School.objects.all()
    if scope.is_municipal:
        return School.objects.filter(municipality_id=scope.municipality_id)
    return School.objects.none()


def organizations_visible_to(user) -> QuerySet[Organization]:
    """Regional bodies (no municipality) are visible to everyone signed in with a role."""
    scope = user_scope(user)
    qs = Organization.objects.select_related("municipality")
    if scope.sees_everything:
        return qs
    if scope.municipality_id:
        return qs.filter(Q(municipality_id=scope.municipality_id) | Q(municipality__isnull=True))
    return qs.none()


def officials_visible_to(user) -> QuerySet[Official]:
    scope = user_scope(user)
    qs = Official.objects.select_related("organization", "school", "municipality")
    if scope.sees_everything:
        return qs
    if scope.municipality_id:
        return qs.filter(Q(municipality_id=scope.municipality_id) | Q(municipality__isnull=True))
    return qs.none()

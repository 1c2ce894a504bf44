"""Who the user is for the portal: role plus the municipality / school they act for.

Every scoping selector starts from ``user_scope(user)``; nothing else reads the profile.
"""
from dataclasses import dataclass

from .models import Role, UserProfile


@dataclass(frozen=True)
class Scope:
    role: str | None
    municipality_id: int | None = None
    school_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.ADMIN, Role.REGIONAL)

    @property
    def is_municipal(self) -> bool:
        return self.role == Role.MUNICIPAL

    @property
    def is_school_head(self) -> bool:
        return self.role == Role.SCHOOL_HEAD


NO_SCOPE = Scope(role=None)


def user_scope(user) -> Scope:
    """The user's scope, computed once per request and kept on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(role=Role.ADMIN)
    else:
        profile = UserProfile.objects.filter(user=user).select_related("school").first()
        if profile is None:
            scope = NO_SCOPE
        elif profile.role == Role.SCHOOL_HEAD:
            scope = Scope(role=profile.role, municipality_id=profile.school.municipality_id, school_id=profile.school_id)
        else:
            scope = Scope(role=profile.role, municipality_id=profile.municipality_id)
    user._portal_scope = scope
    return scope

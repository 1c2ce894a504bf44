"""Who the user is for the portal: role plus the level they act at (country, region, municipality, school).

Every scoping decision starts from ``user_scope(user)``; nothing else reads the profile.
"""
from dataclasses import dataclass

from .models import Role, UserProfile

# The levels a user acts at, top down.
COUNTRY, REGION, MUNICIPALITY, SCHOOL = "country", "region", "municipality", "school"
LEVEL_OF_ROLE = {Role.ADMIN: COUNTRY, Role.FEDERAL: COUNTRY, Role.REGIONAL: REGION, Role.MUNICIPAL: MUNICIPALITY,
                 Role.SCHOOL_HEAD: SCHOOL}


@dataclass(frozen=True)
class Scope:
    role: str | None
    region_id: int | None = None
    municipality_id: int | None = None
    school_id: int | None = None

    @property
    def level(self) -> str | None:
        return LEVEL_OF_ROLE.get(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_everything(self) -> bool:
        return self.level == COUNTRY

    @property
    def is_regional(self) -> bool:
        return self.role == Role.REGIONAL

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
        profile = (UserProfile.objects.filter(user=user)
                   .select_related("municipality", "school__municipality").first())
        if profile is None:
            scope = NO_SCOPE
        elif profile.role == Role.SCHOOL_HEAD:
            scope = Scope(role=profile.role, region_id=profile.school.municipality.region_id,
                          municipality_id=profile.school.municipality_id, school_id=profile.school_id)
        elif profile.role == Role.MUNICIPAL:
            scope = Scope(role=profile.role, region_id=profile.municipality.region_id,
                          municipality_id=profile.municipality_id)
        elif profile.role == Role.REGIONAL:
            scope = Scope(role=profile.role, region_id=profile.region_id)
        else:
            scope = Scope(role=profile.role)
    user._portal_scope = scope
    return scope

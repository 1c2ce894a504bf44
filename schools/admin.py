"""Back office for reference data: municipalities, organisations, schools, officials, user roles."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count

from core.hooks import task_sources_changed
from schools.admin_scope import ScopedAdmin

from .models import Municipality, Official, Organization, Region, School, UserProfile
from .services import user_role_set

User = get_user_model()


def role_grant_from_profile(profile: UserProfile) -> None:
    user_role_set(user=profile.user, role=profile.role, region=profile.region, municipality=profile.municipality,
                  school=profile.school)


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ("short_name", "name", "region", "okato", "school_count")
    list_filter = ("region",)
    search_fields = ("short_name", "name", "okato")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_schools=Count("schools"))

    @admin.display(description="школ", ordering="n_schools")
    def school_count(self, obj):
        return obj.n_schools


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    list_display = ("short_name", "name", "kind", "municipality")
    list_filter = ("kind", "municipality")
    search_fields = ("short_name", "name", "aliases")
    list_select_related = ("municipality",)


@admin.register(School)
class SchoolAdmin(ScopedAdmin):
    list_display = ("short_name", "municipality", "head_name", "website", "email", "is_demo", "is_active")
    list_filter = ("municipality", "is_demo", "is_active")
    search_fields = ("short_name", "full_name", "head_name", "email", "website")
    list_select_related = ("municipality",)
    readonly_fields = ("created_at",)
    date_hierarchy = "created_at"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        task_sources_changed.fire(school=form.instance)  # a new or reactivated school owes the open tasks


@admin.register(Official)
class OfficialAdmin(ScopedAdmin):
    list_display = ("surname", "initials", "position", "organization", "school", "municipality", "user")
    list_filter = ("municipality", "organization")
    search_fields = ("surname", "initials", "position", "email")
    list_select_related = ("organization", "school", "municipality", "user")

    def get_readonly_fields(self, request, obj=None):
        # Linking a login to a person is an administrator's act, like granting a role.
        return () if request.user.is_superuser else ("user",)


@admin.register(UserProfile)
class UserProfileAdmin(ScopedAdmin):
    list_display = ("user", "role", "region", "municipality", "school")
    list_filter = ("role", "region", "municipality")
    search_fields = ("user__username", "user__last_name", "school__short_name")
    list_select_related = ("user", "region", "municipality", "school")

    def save_model(self, request, obj, form, change):
        # A role is granted through the service: the officer also gets the staff flag and the group.
        role_grant_from_profile(obj)


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    extra = 0
    max_num = 1
    verbose_name = verbose_name_plural = "роль в портале"


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [UserProfileInline]
    list_display = ("username", "last_name", "first_name", "role", "is_staff", "is_active", "last_login")
    list_select_related = ("profile",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = UserProfile.objects.filter(user=form.instance).first()
        if profile is not None:
            role_grant_from_profile(profile)

    @admin.display(description="роль", ordering="profile__role")
    def role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else ("администратор" if obj.is_superuser else "—")


# Local acts keep their back office beside their code (schools/acts/); Django only discovers schools.admin.
from .acts import admin as acts_admin  # noqa: E402,F401

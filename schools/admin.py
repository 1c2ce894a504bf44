"""Back office for reference data: municipalities, organisations, schools, officials, user roles; each with its
history (schools/admin_history.py), and the history of roles: who granted whom which role."""
from functools import partial

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.urls import path
from django.utils import timezone
from simple_history.utils import get_history_model_for_model as history_of

from core.hooks import municipality_added, task_sources_changed
from core.xlsx import user_label
from schools.admin_history import HistoryAdmin
from schools.admin_school_head import add_school_head_view
from schools.admin_scope import ScopedAdmin

from .admin_users import ADD_FIELDSETS, AccountWithRoleForm
from .models import Municipality, Official, Organization, Region, School, UserProfile
from .selectors import municipalities_visible_to
from .services import user_role_set

User = get_user_model()


def role_grant_from_profile(profile: UserProfile) -> None:
    user_role_set(user=profile.user, role=profile.role, region=profile.region, municipality=profile.municipality,
                  school=profile.school)


@admin.register(Region)
class RegionAdmin(HistoryAdmin, ScopedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Municipality)
class MunicipalityAdmin(HistoryAdmin, ScopedAdmin):
    list_display = ("short_name", "name", "region", "okato", "school_count")
    list_filter = ("region",)
    search_fields = ("short_name", "name", "okato")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_schools=Count("schools"))

    @admin.display(description="школ", ordering="n_schools")
    def school_count(self, obj):
        return obj.n_schools

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            municipality_added.fire(municipality=form.instance)  # it owes its region's tasks to every МОУО


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin, ScopedAdmin):
    list_display = ("short_name", "name", "kind", "municipality")
    list_filter = ("kind", "municipality")
    search_fields = ("short_name", "name", "aliases")
    list_select_related = ("municipality",)


@admin.register(School)
class SchoolAdmin(HistoryAdmin, ScopedAdmin):
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
class OfficialAdmin(HistoryAdmin, ScopedAdmin):
    list_display = ("surname", "initials", "position", "organization", "school", "municipality", "user")
    list_filter = ("municipality", "organization")
    search_fields = ("surname", "initials", "position", "email")
    list_select_related = ("organization", "school", "municipality", "user")

    def get_readonly_fields(self, request, obj=None):
        # Linking a login to a person is an administrator's act, like granting a role.
        return () if request.user.is_superuser else ("user",)


@admin.register(UserProfile)
class UserProfileAdmin(HistoryAdmin, ScopedAdmin):
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
class PortalUserAdmin(HistoryAdmin, UserAdmin):
    inlines = [UserProfileInline]
    # A new officer's account is made in one form with its role; a school head with «Добавить руководителя ОО».
    add_form = AccountWithRoleForm
    add_fieldsets = ADD_FIELDSETS

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # the add form carries the role itself

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form.base_fields["region"].queryset = Region.objects.order_by("name")
            form.base_fields["municipality"].queryset = municipalities_visible_to(request.user).order_by("short_name")
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and "role" in form.cleaned_data:
            data = form.cleaned_data
            user_role_set(user=obj, role=data["role"], region=data.get("region"), municipality=data.get("municipality"))

    def response_add(self, request, obj, post_url_continue=None):
        # The role is already set: go to the list, not to a second form.
        if "_addanother" not in request.POST and "_continue" not in request.POST:
            from django.contrib import messages
            from django.shortcuts import redirect

            messages.success(request, f"Учётная запись «{obj.username}» создана: {obj.get_full_name()}.")
            return redirect("admin:auth_user_changelist")
        return super().response_add(request, obj, post_url_continue)
    list_display = ("username", "last_name", "first_name", "role", "is_staff", "is_active", "last_login")
    list_select_related = ("profile",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = UserProfile.objects.filter(user=form.instance).first()
        if profile is not None:
            role_grant_from_profile(profile)

    def get_urls(self):
        add_head = path("add-school-head/", self.admin_site.admin_view(partial(add_school_head_view, self)),
                        name="auth_user_add_school_head")
        return [add_head, *super().get_urls()]

    @admin.display(description="роль", ordering="profile__role")
    def role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else ("администратор" if obj.is_superuser else "—")


RoleHistory = history_of(UserProfile)


@admin.register(RoleHistory)
class RoleHistoryAdmin(ScopedAdmin):
    """Who granted whom which role, and when: every save of a profile, from the admin or from ``user_role_set``."""

    read_only = True  # written by simple-history on every change of a profile
    list_display = ("when", "granted_by", "person", "role", "scope", "action")
    list_display_links = None
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "user__first_name", "history_user__username",
                     "history_user__last_name")
    list_select_related = ("user", "history_user", "region", "municipality", "school")
    date_hierarchy = "history_date"
    ordering = ("-history_date", "-history_id")

    @admin.display(description="когда", ordering="history_date")
    def when(self, obj):
        return timezone.localtime(obj.history_date).strftime("%d.%m.%Y %H:%M")

    @admin.display(description="кто выдал")
    def granted_by(self, obj):
        return user_label(obj.history_user) if obj.history_user_id else "—"

    @admin.display(description="кому")
    def person(self, obj):
        return user_label(obj.user) if obj.user_id else "—"

    @admin.display(description="где")
    def scope(self, obj):
        return obj.school or obj.municipality or obj.region or "вся страна"

    @admin.display(description="действие")
    def action(self, obj):
        return {"+": "роль выдана", "~": "роль изменена", "-": "роль снята"}.get(obj.history_type, obj.history_type)


# Local acts keep their back office beside their code (schools/acts/); Django only discovers schools.admin.
from .acts import admin as acts_admin  # noqa: E402,F401

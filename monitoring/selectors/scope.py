"""Who may see / change which monitoring objects. Every view, export and admin queryset goes through these."""

from django.db.models import QuerySet

from schools.roles import user_scope

from ..models import SchoolTask, TaskEvent, WebsiteCampaign, WebsiteCheck


def school_tasks_visible_to(user) -> QuerySet[SchoolTask]:
    scope = user_scope(user)
    qs = SchoolTask.objects.all()
    if scope.sees_everything:
        return qs
    if scope.is_school_head:
        return qs.filter(school_id=scope.school_id)
    if scope.is_municipal:
        return qs.filter(school__municipality_id=scope.municipality_id)
    return qs.none()


def school_tasks_changeable_by(user) -> QuerySet[SchoolTask]:
    """The school's head, the municipality's officers and administrators; regional officers only read."""
    scope = user_scope(user)
    qs = SchoolTask.objects.all()
    if scope.is_admin:
        return qs
    if scope.is_school_head:
        return qs.filter(school_id=scope.school_id)
    if scope.is_municipal:
        return qs.filter(school__municipality_id=scope.municipality_id)
    return qs.none()


def task_events_visible_to(user) -> QuerySet[TaskEvent]:
    return TaskEvent.objects.filter(task__in=school_tasks_visible_to(user).values("pk"))


def campaigns_visible_to(user) -> QuerySet[WebsiteCampaign]:
    """Campaign pages compare schools, so a school head sees none (their own result is in the cabinet)."""
    scope = user_scope(user)
    qs = WebsiteCampaign.objects.select_related("municipality", "item", "item__roadmap")
    if scope.sees_everything:
        return qs
    if scope.is_municipal:
        return qs.filter(municipality_id=scope.municipality_id)
    return qs.none()


def campaigns_changeable_by(user) -> QuerySet[WebsiteCampaign]:
    scope = user_scope(user)
    if scope.is_admin:
        return WebsiteCampaign.objects.all()
    if scope.is_municipal:
        return WebsiteCampaign.objects.filter(municipality_id=scope.municipality_id)
    return WebsiteCampaign.objects.none()


def website_checks_visible_to(user) -> QuerySet[WebsiteCheck]:
    scope = user_scope(user)
    qs = WebsiteCheck.objects.select_related("campaign", "school", "checked_by")
    if scope.sees_everything:
        return qs
    if scope.is_school_head:
        return qs.filter(school_id=scope.school_id)
    if scope.is_municipal:
        return qs.filter(campaign__municipality_id=scope.municipality_id)
    return qs.none()


def can_create_campaigns(user) -> bool:
    scope = user_scope(user)
    return scope.is_admin or scope.is_municipal

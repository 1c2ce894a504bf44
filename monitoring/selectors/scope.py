"""Who may see / change which monitoring objects: each a use of the one access rule (schools.access).
Every view, export and admin queryset goes through these."""

from django.db.models import QuerySet

from schools import access
from schools.access import MUNICIPALITY

from ..models import SchoolTask, TaskEvent, WebsiteCampaign, WebsiteCheck


def school_tasks_visible_to(user) -> QuerySet[SchoolTask]:
    return access.visible(user, SchoolTask)


def school_tasks_changeable_by(user) -> QuerySet[SchoolTask]:
    """The school's head, the municipality's officers and administrators; regional officers only read."""
    return access.changeable(user, SchoolTask)


def task_events_visible_to(user) -> QuerySet[TaskEvent]:
    return access.visible(user, TaskEvent)


def campaigns_visible_to(user) -> QuerySet[WebsiteCampaign]:
    """Campaign pages compare schools, so a school head sees none (their own result is in the cabinet)."""
    return access.visible(user, WebsiteCampaign.objects.select_related("municipality", "item", "item__roadmap"))


def campaigns_changeable_by(user) -> QuerySet[WebsiteCampaign]:
    return access.changeable(user, WebsiteCampaign)


def website_checks_visible_to(user) -> QuerySet[WebsiteCheck]:
    return access.visible(user, WebsiteCheck.objects.select_related("campaign", "school", "checked_by"))


def can_create_campaigns(user) -> bool:
    return access.may_act_at(user, levels=[MUNICIPALITY])

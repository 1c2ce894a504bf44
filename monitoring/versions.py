"""Monitoring writes besides the rollups' raise the data version of the municipalities whose pages show them
(``schools.versions``): website campaigns and checks (the municipalities page, the campaign pages) and the events
of a school's tasks (a remark shows on the school head's dashboard). Connected in ``MonitoringConfig.ready``;
task saves and their rollups raise it in ``services.rollups``."""
from schools.versions import bump

from .models import SchoolTask, TaskEvent, WebsiteCampaign, WebsiteCheck


def campaign_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(municipality_ids=[instance.municipality_id])


def check_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(school_ids=[instance.school_id])


def task_event_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(school_ids=SchoolTask.objects.filter(pk=instance.task_id).values_list("school_id", flat=True))


RECEIVERS = ((WebsiteCampaign, campaign_changed), (WebsiteCheck, check_changed), (TaskEvent, task_event_changed))

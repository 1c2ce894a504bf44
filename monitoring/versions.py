"""Monitoring writes besides the rollups' raise the data version of the municipalities whose pages show them
(``schools.versions``): website campaigns and checks (the municipalities page, the campaign pages), the events
of a school's tasks (a remark shows on the school head's dashboard), and a municipality's tasks under regional
orders and their events (the officer's list, the regional item's page; the sync's bulk writes bump themselves). Connected in ``MonitoringConfig.ready``;
task saves and their rollups raise it in ``services.rollups``."""
from schools.versions import bump

from .models import MunicipalityTask, MunicipalityTaskEvent, SchoolTask, TaskEvent, WebsiteCampaign, WebsiteCheck


def municipality_row_changed(sender, instance, raw=False, **kwargs) -> None:
    """A row of one municipality (a campaign, a municipality's task)."""
    if not raw:
        bump(municipality_ids=[instance.municipality_id])


def check_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(school_ids=[instance.school_id])


def task_event_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(school_ids=SchoolTask.objects.filter(pk=instance.task_id).values_list("school_id", flat=True))


def municipality_task_event_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(municipality_ids=MunicipalityTask.objects.filter(pk=instance.task_id).values_list("municipality_id",
                                                                                              flat=True))


RECEIVERS = ((WebsiteCampaign, municipality_row_changed), (WebsiteCheck, check_changed), (TaskEvent, task_event_changed),
             (MunicipalityTask, municipality_row_changed), (MunicipalityTaskEvent, municipality_task_event_changed))

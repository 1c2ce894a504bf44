"""Writes for monitoring: validated, atomic, recorded. ``from monitoring.services import school_tasks_sync``."""
from roadmaps.status import HEAD_STATUSES

from .campaigns import campaign_create, website_check_save
from .rollups import recount_tasks, rollups_advance, rollups_rebuild
from .sitecheck import sitecheck_start, website_check_confirm
from .tasks import (
    SyncResult,
    school_task_decide_late,
    school_task_extend,
    school_task_set_status,
    school_tasks_sync,
)

__all__ = [
    "HEAD_STATUSES",
    "SyncResult",
    "campaign_create",
    "recount_tasks",
    "rollups_advance",
    "rollups_rebuild",
    "school_task_extend",
    "school_task_set_status",
    "school_task_decide_late",
    "school_tasks_sync",
    "sitecheck_start",
    "website_check_confirm",
    "website_check_save",
]

"""Monitoring of schools: per-school tasks, website checks, reminders."""

from .municipality_tasks import MunicipalityTask, MunicipalityTaskEvent
from .reminders import ReminderLog
from .rollups import DueRollup, RollupClock, SchoolRollup, SourceRollup, SourceTotal
from .sitecheck import SiteCheckJob, SiteCheckRun, WebsiteCheckEvent, WebsiteCheckFinding
from .tasks import Compliance, SchoolTask, TaskEvent
from .websites import CheckCriterion, CriterionScore, WebsiteCampaign, WebsiteCheck

__all__ = [
    "CheckCriterion",
    "Compliance",
    "MunicipalityTask",
    "MunicipalityTaskEvent",
    "CriterionScore",
    "DueRollup",
    "ReminderLog",
    "RollupClock",
    "SchoolRollup",
    "SchoolTask",
    "SourceRollup",
    "SourceTotal",
    "SiteCheckJob",
    "SiteCheckRun",
    "TaskEvent",
    "WebsiteCampaign",
    "WebsiteCheck",
    "WebsiteCheckEvent",
    "WebsiteCheckFinding",
]

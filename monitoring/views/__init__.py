"""Monitoring pages: thin — parse input, call a selector or service, render."""

from .campaigns import campaign_create, campaign_detail, campaign_export, campaign_list, website_check_edit
from .compliance import (
    compliance_matrix,
    compliance_matrix_export,
    compliance_rates,
    compliance_rates_export,
    municipalities,
    municipalities_export,
    region_compliance_export,
)
from .late import late_tasks, task_decide_late
from .sitecheck import sitecheck_progress, sitecheck_run, website_check_confirm_view
from .tasks import cabinet, school_cabinet, task_detail, task_evidence, task_extend, task_status

__all__ = [
    "cabinet",
    "campaign_create",
    "campaign_detail",
    "campaign_export",
    "campaign_list",
    "compliance_matrix",
    "compliance_matrix_export",
    "compliance_rates",
    "compliance_rates_export",
    "municipalities_export",
    "municipalities",
    "late_tasks",
    "region_compliance_export",
    "school_cabinet",
    "task_decide_late",
    "sitecheck_progress",
    "sitecheck_run",
    "task_detail",
    "task_evidence",
    "task_extend",
    "task_status",
    "website_check_confirm_view",
    "website_check_edit",
]

"""Monitoring pages: thin — parse input, call a selector or service, render."""

from .campaigns import campaign_create, campaign_detail, campaign_export, campaign_list, website_check_edit
from .compliance import (
    compliance_matrix,
    compliance_matrix_export,
    compliance_rates,
    municipalities,
    region_compliance_export,
)
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
    "municipalities",
    "region_compliance_export",
    "school_cabinet",
    "sitecheck_progress",
    "sitecheck_run",
    "task_detail",
    "task_evidence",
    "task_extend",
    "task_status",
    "website_check_confirm_view",
    "website_check_edit",
]

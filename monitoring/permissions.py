"""Django model permissions the officer groups need for monitoring in the admin back office.

Registered into schools.services.STAFF_PERMISSIONS (the one place that builds the officer groups) by
``MonitoringConfig.ready``. Row scope is decided by the access rule (schools.access); these only open the pages.
"""

from schools.models import Role

_VIEW = (
    "view_schooltask",
    "view_taskevent",
    "view_municipalitytask",
    "view_municipalitytaskevent",
    "view_websitecampaign",
    "view_checkcriterion",
    "view_websitecheck",
    "view_criterionscore",
    "view_reminderlog",
    "view_sitecheckrun",
    "view_sitecheckjob",
    "view_websitecheckevent",
    "view_websitecheckfinding",
)

STAFF_PERMISSIONS: dict[str, tuple[str, ...]] = {
    # A municipal officer runs their campaigns and edits their checklists; tasks and checks change on the portal's
    # pages only (services keep versions and history).
    Role.MUNICIPAL: (
        *_VIEW,
        "add_websitecampaign",
        "change_websitecampaign",
        "add_checkcriterion",
        "change_checkcriterion",
        "delete_checkcriterion",
    ),
    Role.REGIONAL: _VIEW,
    Role.FEDERAL: _VIEW,
}

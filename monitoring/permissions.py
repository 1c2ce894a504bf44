"""Django model permissions the officer groups need for monitoring in the admin back office.

Merged by schools.services.STAFF_PERMISSIONS (the one place that builds the officer groups):
``{MUNICIPAL_GROUP: {..., "monitoring": STAFF_PERMISSIONS[Role.MUNICIPAL]}, REGIONAL_GROUP: {...}}``.
Row scope is still decided by the selectors (portal.admin_scope); these only open the pages.
"""

from schools.models import Role

_VIEW = (
    "view_schooltask",
    "view_taskevent",
    "view_websitecampaign",
    "view_checkcriterion",
    "view_websitecheck",
    "view_criterionscore",
    "view_reminderlog",
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
}

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

# ВПР (app label «vpr»). The ФИС ОКО logins and the objectivity-control sample (schools, observers, protocols) are
# kept by the school's municipality (monitoring/vpr/scopes.py) and no portal page edits them: the municipal
# officer does it here — fixing a login the ВПР import could not match, recording observers and their protocols —
# and corrects an observer or a protocol in place (inline rows; a school leaves the sample by the administrator).
# Rounds are reference data, the imports' records the administrator's; the signs' tasks are service-written.
_VPR_VIEW = ("view_vprround", "view_schoollogin", "view_controlledschool", "view_observer", "view_controldocument",
             "view_signtask")
VPR_STAFF_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.MUNICIPAL: (
        *_VPR_VIEW,
        "add_schoollogin", "change_schoollogin",
        "add_controlledschool", "change_controlledschool",
        "add_observer", "change_observer", "delete_observer",
        "add_controldocument", "change_controldocument", "delete_controldocument",
    ),
    Role.REGIONAL: _VPR_VIEW,
    Role.FEDERAL: _VPR_VIEW,
}

# Assessment procedures (app label «procedures»): schedules, observations and events are written on the portal's
# pages only (checks re-run, history recorded); officers read them in the back office like the other
# service-written monitoring rows. A schedule's history entries stay the administrator's (access.admin_only).
_PROCEDURES_VIEW = ("view_schedule", "view_procedure", "view_schedulebreach", "view_observation",
                    "view_professionalevent", "view_participant")
PROCEDURES_STAFF_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.MUNICIPAL: _PROCEDURES_VIEW,
    Role.REGIONAL: _PROCEDURES_VIEW,
    Role.FEDERAL: _PROCEDURES_VIEW,
}

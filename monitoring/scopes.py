"""Each model of monitoring declares its path to its owners (schools.access); loaded by MonitoringConfig.ready."""
from simple_history.utils import get_history_model_for_model as history_of

from schools import access
from schools.access import MUNICIPALITY, SCHOOL

from .models.sitecheck import SiteCheckJob, SiteCheckRun, WebsiteCheckEvent, WebsiteCheckFinding
from .models import (
    CheckCriterion, CriterionScore, DueRollup, MunicipalityTask, MunicipalityTaskEvent, ReminderLog, RollupClock, SchoolRollup, SchoolTask, SourceRollup,
    SourceTotal, TaskEvent, WebsiteCampaign, WebsiteCheck,
)

# The school's head and the municipality's officers change a task; a region only reads.
access.register(SchoolTask, school="school", municipality="school__municipality", changes=[SCHOOL, MUNICIPALITY])
access.register(TaskEvent, school="task__school", municipality="task__school__municipality")
# A regional order's task of one municipality: its officers change it; the region and the country read; a head
# sees nothing of it.
access.register(MunicipalityTask, municipality="municipality", heads=False, changes=[MUNICIPALITY])
access.register(MunicipalityTaskEvent, municipality="task__municipality", heads=False)
access.register(ReminderLog, school="task__school", municipality="task__school__municipality")
# Campaign pages compare schools, so a school head sees none (their own result is in the cabinet).
access.register(WebsiteCampaign, municipality="municipality", heads=False, changes=[MUNICIPALITY])
access.register(WebsiteCheck, school="school", municipality="campaign__municipality", changes=[MUNICIPALITY])
access.register(CriterionScore, school="check_result__school", municipality="check_result__campaign__municipality")
# The default checklist (no campaign) is read by every officer; a campaign's checklist follows the campaign.
access.register(CheckCriterion, municipality="campaign__municipality", shared=True, heads=False, changes=[MUNICIPALITY])
# Automatic website checks follow their campaign (runs, per-school jobs) and their check (history, findings).
access.register(SiteCheckRun, municipality="campaign__municipality", heads=False, changes=[MUNICIPALITY])
access.register(SiteCheckJob, school="school", municipality="run__campaign__municipality", heads=False)
access.register(WebsiteCheckEvent, school="check_result__school", municipality="check_result__campaign__municipality")
access.register(WebsiteCheckFinding, school="event__check_result__school",
                municipality="event__check_result__campaign__municipality")
access.register(history_of(CheckCriterion), municipality="campaign__municipality", shared=True, heads=False)
# Compliance rollups: a school's counts follow the school, a municipality's per-source counts its municipality.
access.register(SchoolRollup, school="school", municipality="school__municipality")
access.register(SourceRollup, municipality="municipality", heads=False)
access.register(DueRollup, municipality="municipality", heads=False)
# The country's per-source sums: no path to an owner, so only the country level (and an administrator) reads them.
access.register(SourceTotal)
access.admin_only(RollupClock)

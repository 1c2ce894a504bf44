"""Each model of schools declares its path to its owners (schools.access); loaded by SchoolsConfig.ready."""
from django.contrib.auth import get_user_model
from simple_history.utils import get_history_model_for_model as history_of

from core.jobs.models import BackgroundJob

from . import access
from .access import MUNICIPALITY
from .models import (
    ActEvent,
    DataVersion,
    LocalAct,
    LocalActKind,
    LocalActVersion,
    Municipality,
    Official,
    Organization,
    Region,
    School,
    UserProfile,
)

access.register(Region, region="pk")
access.register(Municipality, municipality="pk", region="region")
# A regional body (no municipality; the ministry) belongs to its region: read by that region's users and below.
access.register(Organization, municipality="municipality", region="region", shared=True, changes=[MUNICIPALITY])
access.register(Official, municipality="municipality", shared=True, changes=[MUNICIPALITY])
access.register(School, school="pk", municipality="municipality", changes=[MUNICIPALITY])
access.admin_only(UserProfile)
access.admin_only(get_user_model())
# A background job is served only to its owner (core.jobs.views); beyond that, administrators only.
access.admin_only(BackgroundJob)
# Counters for the cache (schools.versions); not in the admin, nobody else reads them.
access.admin_only(DataVersion)

access.reference(LocalActKind)
# A municipality reviews its schools' acts; a school uploads through School (levels=[SCHOOL]).
access.register(LocalAct, school="school", municipality="school__municipality", changes=[MUNICIPALITY])
access.register(LocalActVersion, school="act__school", municipality="act__school__municipality", changes=[MUNICIPALITY])
access.register(ActEvent, school="version__act__school", municipality="version__act__school__municipality")

# History (schools/history.py) is read where its original is: paths from the historical row, "id" = the original.
access.register(history_of(Region), region="id")
access.register(history_of(Municipality), municipality="id", region="region")
access.register(history_of(Organization), municipality="municipality", shared=True)
access.register(history_of(Official), municipality="municipality", shared=True)
access.register(history_of(School), school="id", municipality="municipality")
access.admin_only(history_of(UserProfile))
access.admin_only(history_of(get_user_model()))
access.reference(history_of(LocalActKind))

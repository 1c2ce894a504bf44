"""Each model of this app declares its path to its owners (schools.access); loaded by ProceduresConfig.ready."""
from schools import access
from schools.access import MUNICIPALITY, SCHOOL

from .models import (
    EventMaterial,
    HistoryEntry,
    Observation,
    Participant,
    Procedure,
    ProfessionalEvent,
    Schedule,
    ScheduleBreach,
    SubjectHours,
)

# A school's schedule is the school's: its head and the municipality's officers change it; a region only reads.
access.register(Schedule, school="school", municipality="school__municipality", changes=[SCHOOL, MUNICIPALITY])
for model in (Procedure, SubjectHours, ScheduleBreach):
    access.register(model, school="schedule__school", municipality="schedule__school__municipality",
                    changes=[SCHOOL, MUNICIPALITY])
# Observations are the authority's: its officers record them, the school reads its own.
access.register(Observation, school="school", municipality="school__municipality", changes=[MUNICIPALITY])
# Events belong to the municipality; its schools' heads read them (their teams take part) and add their own people.
access.register(ProfessionalEvent, municipality="municipality", changes=[MUNICIPALITY])
access.register(EventMaterial, municipality="event__municipality", changes=[MUNICIPALITY])
access.register(Participant, school="school", municipality="event__municipality", changes=[SCHOOL, MUNICIPALITY])
# History rows are read through their owner (schedule, observation or event), fetched in scope first.
access.admin_only(HistoryEntry)

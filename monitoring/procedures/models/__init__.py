from .control import Observation
from .events import EventMaterial, Participant, ProfessionalEvent
from .history import HistoryEntry
from .schedules import Procedure, Schedule, ScheduleBreach, SubjectHours

__all__ = ["EventMaterial", "HistoryEntry", "Observation", "Participant", "Procedure", "ProfessionalEvent",
           "Schedule", "ScheduleBreach", "SubjectHours"]

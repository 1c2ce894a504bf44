from .control import observation_record
from .events import event_material_add, event_save, participant_remove, participants_add
from .schedules import (
    procedure_add,
    procedure_delete,
    schedule_check,
    schedule_get_or_create,
    schedule_import,
    schedule_settings_set,
    subject_hours_set,
)

__all__ = ["event_material_add", "event_save", "observation_record", "participant_remove", "participants_add",
           "procedure_add", "procedure_delete", "schedule_check", "schedule_get_or_create", "schedule_import",
           "schedule_settings_set", "subject_hours_set"]

"""The history of assessment procedures and professional events: one function per business event.

Nothing else creates a HistoryEntry. An observation's protocol and a material's file or link are the entry's
evidence (core.evidence), naming the file the observation or material stores.
"""
from core.evidence import evidence_refer

from .models import EventMaterial, HistoryEntry, Observation, Participant, ProfessionalEvent, Schedule

Kind = HistoryEntry.Kind


def schedule_imported(*, schedule: Schedule, author, text: str) -> HistoryEntry:
    return HistoryEntry.objects.create(kind=Kind.SCHEDULE_IMPORTED, author=author, schedule=schedule, text=text)


def schedule_changed(*, schedule: Schedule, author, text: str) -> HistoryEntry:
    """A row added or removed, or the schedule's settings changed."""
    return HistoryEntry.objects.create(kind=Kind.SCHEDULE_CHANGED, author=author, schedule=schedule, text=text)


def hours_changed(*, schedule: Schedule, author, text: str) -> HistoryEntry:
    return HistoryEntry.objects.create(kind=Kind.HOURS_CHANGED, author=author, schedule=schedule, text=text)


def observation_recorded(*, observation: Observation, author) -> HistoryEntry:
    """The observation with its findings; its protocol, if any, is the evidence."""
    findings = f"Выявлено: {observation.findings}" if observation.findings else "Нарушений не выявлено."
    entry = HistoryEntry(kind=Kind.OBSERVATION, author=author, observation=observation,
                         text=f"{observation}. {findings}")
    evidence_refer(entry, stored_file=observation.protocol, name=observation.file_name, size=observation.file_size,
                   content_type=observation.file_content_type)
    entry.save()
    return entry


def observation_sent_to_task(*, observation: Observation, author) -> HistoryEntry:
    return HistoryEntry.objects.create(
        kind=Kind.OBSERVATION_TASK, author=author, observation=observation,
        text=f"Замечание передано школе в задачу по п. {observation.item.number} дорожной карты.",
    )


def event_saved(*, event: ProfessionalEvent, author, created: bool) -> HistoryEntry:
    return HistoryEntry.objects.create(kind=Kind.EVENT_SAVED, author=author, event=event,
                                       text=("Внесено" if created else "Изменено") + f": {event}, {event.period_label}.")


def material_added(*, material: EventMaterial, author) -> HistoryEntry:
    """The material's file or link is the evidence."""
    entry = HistoryEntry(kind=Kind.MATERIAL, author=author, event=material.event, text=material.title)
    evidence_refer(entry, stored_file=material.file, name=material.file_name, size=material.file_size,
                   content_type=material.file_content_type, url=material.url)
    entry.save()
    return entry


def participants_added(*, event: ProfessionalEvent, author, people: list[Participant], source: str = "") -> HistoryEntry:
    schools = len({p.school_id for p in people})
    return HistoryEntry.objects.create(
        kind=Kind.PARTICIPANTS, author=author, event=event,
        text=f"Участников: {len(people)}, школ: {schools}" + (f" ({source})" if source else "") + ".",
    )


def participant_removed(*, participant: Participant, author) -> HistoryEntry:
    return HistoryEntry.objects.create(kind=Kind.PARTICIPANT_REMOVED, author=author, event=participant.event,
                                       text=f"{participant.person} ({participant.school}).")

"""Professional events for school teams: the event, its materials, who took part (with certificates)."""
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.uploads import EVIDENCE_KINDS, validate_upload
from schools.models import Municipality, Organization, School

from ..choices import EventKind
from .. import events
from ..models import EventMaterial, Participant, ProfessionalEvent
from ..selectors import events_changeable_by, items_visible_to, schools_for_participants


def event_save(*, user, municipality: Municipality, kind: str, title: str, date_start: date,
               date_end: date | None = None, organizer: Organization | None = None, items=(), description: str = "",
               event: ProfessionalEvent | None = None) -> ProfessionalEvent:
    """Create an event (or change ``event``). Only the municipality's officers and administrators."""
    from schools.roles import user_scope

    scope = user_scope(user)
    if not (scope.is_admin or (scope.is_municipal and scope.municipality_id == municipality.pk)):
        raise PermissionDenied("Мероприятия вносят специалисты муниципалитета.")
    if kind not in EventKind.values:
        raise ValidationError({"kind": "Неизвестный вид мероприятия."})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Укажите название."})
    if date_end and date_end < date_start:
        raise ValidationError({"date_end": "Окончание раньше начала."})
    items = list(items)
    allowed = set(items_visible_to(user).filter(roadmap__municipality=municipality).values_list("pk", flat=True))
    if any(item.pk not in allowed for item in items):
        raise ValidationError({"items": "Мероприятие дорожной карты другого муниципалитета."})
    with transaction.atomic():
        if event is not None:
            event = events_changeable_by(user).select_for_update().filter(pk=event.pk).first()
            if event is None:
                raise PermissionDenied("Нет прав на изменение этого мероприятия.")
        else:
            event = ProfessionalEvent(created_by=user)
        new = event.pk is None
        event.municipality, event.kind, event.title = municipality, kind, title[:500]
        event.date_start, event.date_end, event.organizer, event.description = date_start, date_end, organizer, description
        event.save()
        event.items.set(items)
        events.event_saved(event=event, author=user, created=new)
    return event


def event_material_add(*, event: ProfessionalEvent, user, title: str, file=None, url: str = "") -> EventMaterial:
    if not events_changeable_by(user).filter(pk=event.pk).exists():
        raise PermissionDenied("Нет прав на изменение этого мероприятия.")
    title = (title or "").strip() or (file.name if file else url)
    if not file and not url:
        raise ValidationError("Приложите файл или укажите ссылку.")
    material = EventMaterial(event=event, title=title[:300], url=url or "")
    if file:
        material.store("file", file, validate_upload(file, allowed=EVIDENCE_KINDS))
    with transaction.atomic():
        material.save()
        events.material_added(material=material, author=user)
    return material


@dataclass
class NewParticipant:
    school: School
    person: str
    position: str = ""
    certificate_number: str = ""
    certificate: object = None


def participants_add(*, event: ProfessionalEvent, user, people: list[NewParticipant], source: str = "") -> int:
    """Add people (all or nothing); one already listed for the event and school is refused by name."""
    allowed = set(schools_for_participants(user, event).values_list("pk", flat=True))
    if not allowed:
        raise PermissionDenied("Нет прав добавлять участников этого мероприятия.")
    if not people:
        raise ValidationError("Нет ни одного участника.")
    made = []
    for person in people:
        name = re.sub(r"\s+", " ", person.person or "").strip()
        if not name:
            raise ValidationError("Укажите ФИО участника.")
        if person.school.pk not in allowed:
            raise PermissionDenied(f"Нет прав добавлять участников от школы «{person.school}».")
        participant = Participant(event=event, school=person.school, person=name[:200],
                                  position=(person.position or "").strip()[:200],
                                  certificate_number=(person.certificate_number or "").strip()[:100], added_by=user)
        if person.certificate:
            participant.store("certificate", person.certificate,
                              validate_upload(person.certificate, allowed=EVIDENCE_KINDS))
        made.append(participant)
    keys = [(p.school_id, p.person.lower()) for p in made]
    if len(set(keys)) != len(keys):
        raise ValidationError("Один и тот же человек указан дважды.")
    existing = {(s, n.lower()) for s, n in Participant.objects.filter(event=event).values_list("school_id", "person")}
    repeated = [p for p in made if (p.school_id, p.person.lower()) in existing]
    if repeated:
        raise ValidationError(f"Уже в списке участников: {', '.join(f'{p.person} ({p.school})' for p in repeated)}.")
    try:
        with transaction.atomic():
            for participant in made:
                participant.save()
            events.participants_added(event=event, author=user, people=made, source=source)
    except IntegrityError:
        raise ValidationError("Участник уже в списке (добавлен одновременно другим пользователем).") from None
    return len(made)


def participant_remove(*, participant: Participant, user) -> None:
    if participant.school_id not in set(schools_for_participants(user, participant.event).values_list("pk", flat=True)):
        raise PermissionDenied("Нет прав удалять этого участника.")
    with transaction.atomic():
        events.participant_removed(participant=participant, author=user)
        participant.delete()

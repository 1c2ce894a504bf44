"""The authority's observations of procedures in schools; findings go to the school as a task remark."""
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.uploads import DOCUMENT_KINDS, EVIDENCE_KINDS, validate_upload
from roadmaps.models import RoadmapItem
from core.clock import local_today
from roadmaps.status import Status
from schools.models import School
from schools.roles import user_scope

from .. import events
from ..models import Observation, Procedure
from ..selectors import can_record_observations

PROTOCOL_KINDS = tuple(dict.fromkeys((*DOCUMENT_KINDS, *EVIDENCE_KINDS)))


def observation_record(*, user, school: School, day: date, observers: str, findings: str = "",
                       item: RoadmapItem | None = None, procedure: Procedure | None = None,
                       procedure_text: str = "", protocol=None, to_task: bool = True) -> Observation:
    """Record an observation. With findings and a roadmap item, the school gets them on its task for that item
    (an officer's remark through monitoring's task service; a task already done is reopened «в работе» first)."""
    if not can_record_observations(user):
        raise PermissionDenied("Наблюдения вносят специалисты муниципалитета.")
    scope = user_scope(user)
    if scope.is_municipal and school.municipality_id != scope.municipality_id:
        raise PermissionDenied("Школа другого муниципалитета.")
    if item is not None and item.roadmap.municipality_id != school.municipality_id:
        raise ValidationError({"item": "Мероприятие дорожной карты другого муниципалитета."})
    if procedure is not None and procedure.schedule.school_id != school.pk:
        raise ValidationError({"procedure": "Процедура из графика другой школы."})
    procedure_text = (procedure_text or "").strip()
    if procedure is None and not procedure_text:
        raise ValidationError({"procedure_text": "Выберите процедуру из графика школы или опишите её."})
    observers = (observers or "").strip()
    if not observers:
        raise ValidationError({"observers": "Укажите наблюдателей."})
    if day > local_today():
        raise ValidationError({"day": "Дата наблюдения не может быть позже сегодняшней."})
    kind = validate_upload(protocol, allowed=PROTOCOL_KINDS) if protocol else None
    findings = (findings or "").strip()
    with transaction.atomic():
        observation = Observation(school=school, item=item, date=day, procedure=procedure,
                                  procedure_text=procedure_text[:300], observers=observers[:500], findings=findings,
                                  created_by=user)
        if protocol:
            observation.store("protocol", protocol, kind)
        observation.save()
        events.observation_recorded(observation=observation, author=user)
        if findings and item is not None and to_task:
            _findings_to_task(observation, user)
    return observation


def _findings_to_task(observation: Observation, user) -> None:
    from monitoring.models import SchoolTask
    from monitoring.services import school_task_set_status

    task, _ = SchoolTask.objects.get_or_create(
        school=observation.school, item=observation.item, defaults={"due_date": observation.item.deadline_end},
    )
    if task.status == Status.DONE:
        school_task_set_status(task=task, user=user, status=Status.IN_PROGRESS, expected_version=task.version,
                               comment="Задача открыта повторно по итогам наблюдения за оценочной процедурой.")
    # An officer's remark (status unchanged) is what the school's cabinet shows against the task.
    comment = (f"Наблюдение за оценочной процедурой {observation.date:%d.%m.%Y} ({observation.procedure_label}): "
               f"{observation.findings}")
    school_task_set_status(task=task, user=user, status=task.status, expected_version=task.version, comment=comment)
    observation.task = task
    observation.save(update_fields=["task"])
    events.observation_sent_to_task(observation=observation, author=user)

"""Writes to roadmap items: validated, atomic, recorded as events."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.clock import local_today
from core.concurrency import lock_for_change
from core.hooks import task_sources_changed
from core.evidence import evidence_given, evidence_validate

from . import hooks
from .events import item_deadline_changed, item_status_recorded
from .models import ItemEvent, RoadmapItem
from .selectors import items_changeable_by
from .status import OFFICER, Status, status_request_check, status_transition_check

OPEN_SCHOOLS_CODE = "open_schools"


def _lock_for_change(*, item: RoadmapItem, user, expected_version: int) -> RoadmapItem:
    return lock_for_change(
        items_changeable_by(user), pk=item.pk, expected_version=expected_version,
        denied="Нет прав на изменение этого мероприятия.",
    )


def item_set_status(
    *, item: RoadmapItem, user, status: str, expected_version: int, comment: str = "", evidence_file=None,
    evidence_url: str = "", confirm_open_schools: bool = False,
) -> ItemEvent:
    """Change an item's status (or just add a comment/evidence when it stays the same).

    Marking an «все ОО» item done while some of its schools have not done their task needs
    ``confirm_open_schools``: the officer confirms it knowingly (the page asks a second time).
    """
    comment = (comment or "").strip()
    given = evidence_given(comment=comment, evidence_file=evidence_file, evidence_url=evidence_url)
    status_request_check(to_status=status, evidence_given=given)
    kind = evidence_validate(evidence_file)

    with transaction.atomic():
        locked = _lock_for_change(item=item, user=user, expected_version=expected_version)
        status_transition_check(level=OFFICER, from_status=locked.status, to_status=status, evidence_given=given)
        if status == Status.DONE and locked.status != Status.DONE and locked.all_schools and not confirm_open_schools:
            schools = hooks.schools_progress([locked.pk], local_today()).get(locked.pk)
            if schools and schools.open:
                raise ValidationError(
                    f"Задачу по этому мероприятию выполнили {schools.done} из {schools.total} ОО"
                    f" ({schools.overdue} просрочили). Чтобы всё равно отметить мероприятие выполненным,"
                    " поставьте отметку «Подтверждаю» и сохраните ещё раз.",
                    code=OPEN_SCHOOLS_CODE,
                )
        event = item_status_recorded(
            item=locked, author=user, to_status=status, comment=comment,
            evidence_file=evidence_file, evidence_url=evidence_url, kind=kind,
        )
        if locked.status != status:
            locked.status = status
            locked.status_changed_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "status_changed_at", "version"])
    item.status, item.version, item.status_changed_at = locked.status, locked.version, locked.status_changed_at
    return event


def item_set_deadline(
    *,
    item: RoadmapItem,
    user,
    start: date | None,
    end: date | None,
    expected_version: int,
    comment: str = "",
) -> ItemEvent:
    """An officer sets the period by hand (for a phrase the parser could not read, or a correction).

    The signed phrase is never changed; only the period the portal tracks.
    """
    if start and end and start > end:
        raise ValidationError("Начало периода позже его окончания.")
    if not end:
        raise ValidationError({"end": "Укажите дату окончания периода."})
    with transaction.atomic():
        locked = _lock_for_change(item=item, user=user, expected_version=expected_version)
        before = _period_label(locked.deadline_start, locked.deadline_end)
        locked.deadline_start, locked.deadline_end = start, end
        locked.deadline_recognized = True
        locked.deadline_note = "Период указан вручную"
        locked.version += 1
        locked.save(update_fields=["deadline_start", "deadline_end", "deadline_recognized", "deadline_note", "version"])
        event = item_deadline_changed(
            item=locked, author=user, before=before, after=_period_label(start, end), comment=(comment or "").strip(),
        )
        task_sources_changed.fire(roadmap=locked.roadmap)
    item.deadline_start, item.deadline_end, item.version = start, end, locked.version
    return event


def _period_label(start: date | None, end: date | None) -> str:
    if not start and not end:
        return "не указан"
    if start and end and start != end:
        return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
    if start and not end:
        return f"с {start:%d.%m.%Y}"
    return f"до {end:%d.%m.%Y}" if not start else f"{end:%d.%m.%Y}"

"""A task's status written the same way for a school's and a municipality's task: the request checked before
the row is locked, the new status applied on the locked row (roadmaps.status says which transitions are allowed)."""
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.clock import local_today
from core.evidence import evidence_given, evidence_validate
from roadmaps.status import Status, status_request_check, statuses_settable_by


@dataclass(frozen=True)
class StatusRequest:
    status: str
    comment: str
    evidence_given: bool
    done_on: date
    file_kind: object  # core.uploads' kind of the evidence file, None without one


def status_request(*, level: str, status: str, comment: str, evidence_file, evidence_url: str,
                   done_on: date | None, refused: str) -> StatusRequest:
    """A known status that ``level`` may set (else ``refused``), «выполнено» with a comment or evidence and a date
    not after today (default today), the file checked by its content."""
    comment = (comment or "").strip()
    given = evidence_given(comment=comment, evidence_file=evidence_file, evidence_url=evidence_url)
    if status not in Status.values:
        raise ValidationError({"status": "Неизвестный статус."})
    if status not in statuses_settable_by(level):
        raise ValidationError(refused)
    status_request_check(to_status=status, evidence_given=given)
    today = local_today()
    done_on = done_on or today
    if status == Status.DONE and done_on > today:
        raise ValidationError({"done_on": "Дата выполнения не может быть позже сегодняшней."})
    return StatusRequest(status, comment, given, done_on, evidence_validate(evidence_file))


def status_apply(locked, task, request: StatusRequest, *, changed: bool) -> None:
    """On the locked row: the new status and its date when it changed, a new version either way; ``task`` (the
    caller's copy) follows."""
    if changed:
        locked.status, locked.status_changed_at = request.status, timezone.now()
        locked.done_at = request.done_on if request.status == Status.DONE else None
    locked.version += 1
    locked.save(update_fields=["status", "status_changed_at", "done_at", "version"])
    for name in ("status", "status_changed_at", "done_at", "version"):
        setattr(task, name, getattr(locked, name))

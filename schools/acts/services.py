"""Writes to local acts: a school uploads a version, an officer reviews it. Validated, atomic, recorded as events."""
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.clock import local_today
from core.concurrency import EditConflict, lock_for_change
from core.evidence import sha256_of
from core.uploads import DOCUMENT_KINDS, validate_upload

from ..models import LocalAct, LocalActKind, LocalActVersion, ReviewState, School
from .events import act_reviewed, act_submitted
from .selectors import local_act_schools_submittable_by, local_act_versions_reviewable_by

DECISIONS = (ReviewState.ACCEPTED, ReviewState.RETURNED)

# The kinds every roadmap names (also created by migration 0003); code -> (name, itemprop, ordering).
DEFAULT_KINDS = {
    "vsoko": ("Положение о ВСОКО", "", 10),
    "tek_kontrol": ("Положение о формах, периодичности и порядке текущего контроля успеваемости "
                    "и промежуточной аттестации обучающихся", "tekKontrolDocLink", 20),
}


class ReviewConflict(EditConflict):
    """The version changed (reviewed by someone else, or superseded) after the reviewer opened it."""


def act_kinds_ensure() -> list[LocalActKind]:
    """The default kinds, created where missing (a flushed test database, a fresh demo); existing ones are kept."""
    return [
        LocalActKind.objects.get_or_create(code=code, defaults={"name": name, "itemprop": itemprop, "ordering": ordering})[0]
        for code, (name, itemprop, ordering) in DEFAULT_KINDS.items()
    ]


def _check_requisites(*, approval_number: str, approval_date: date | None) -> dict[str, str]:
    errors = {}
    if not approval_number:
        errors["approval_number"] = "Укажите номер приказа, которым утверждён акт."
    if approval_date is None:
        errors["approval_date"] = "Укажите дату приказа, которым утверждён акт."
    elif approval_date > local_today():
        errors["approval_date"] = f"Дата приказа {approval_date:%d.%m.%Y} ещё не наступила: проверьте реквизиты."
    return errors


def local_act_submit(
    *,
    school: School,
    kind: LocalActKind,
    file,
    approval_number: str,
    approval_date: date | None,
    published_url: str = "",
    comment: str = "",
    user,
) -> LocalActVersion:
    """Upload the next version of the school's act of this kind; it goes to review. Nothing is overwritten."""
    if not local_act_schools_submittable_by(user).filter(pk=school.pk).exists():
        raise PermissionDenied("Загружать локальные акты школы может её руководитель.")
    approval_number = (approval_number or "").strip()
    errors = _check_requisites(approval_number=approval_number, approval_date=approval_date)
    if not kind.is_active:
        errors["kind"] = "Этот вид локальных актов больше не принимается."
    if file is None:
        errors["file"] = "Выберите файл акта."
    else:
        try:
            file_kind = validate_upload(file, allowed=DOCUMENT_KINDS)
        except ValidationError as error:
            errors["file"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)

    version = LocalActVersion(
        number=0, original_name=file.name[-255:], size=file.size, content_type=file_kind.content_type,
        sha256=sha256_of(file), approval_number=approval_number[:50], approval_date=approval_date,
        published_url=(published_url or "").strip(), comment=(comment or "").strip(), uploaded_by=user,
        state=ReviewState.PENDING,
    )
    stored_name = None
    try:
        with transaction.atomic():
            act = _act_locked(school=school, kind=kind)
            previous = act.versions.aggregate(n=Max("number"))["n"] or 0
            previous_state = act.versions.filter(number=previous).values_list("state", flat=True).first() or ""
            version.act, version.number = act, previous + 1
            version.file.save(file.name, file, save=False)
            stored_name = version.file.name
            version.save()
            act_submitted(version=version, author=user, previous_state=previous_state)
    except BaseException:
        # The row was rolled back; do not leave its file behind.
        if stored_name:
            version.file.storage.delete(stored_name)
        raise
    return version


def _act_locked(*, school: School, kind: LocalActKind) -> LocalAct:
    """The act row, created on first upload, locked so two uploads cannot take the same version number."""
    act, _ = LocalAct.objects.get_or_create(school=school, kind=kind)  # survives a concurrent first upload
    return LocalAct.objects.select_for_update().get(pk=act.pk)


def local_act_review(
    *,
    version: LocalActVersion,
    user,
    decision: str,
    remarks: str = "",
    expected_state: str,
) -> LocalActVersion:
    """Accept the version, or return it to the school with remarks.

    ``expected_state`` is the state the reviewer saw; if someone reviewed the version meanwhile,
    or the school uploaded a newer one, nothing is saved and ReviewConflict is raised.
    """
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Выберите решение: принять или вернуть на доработку."})
    remarks = (remarks or "").strip()
    if decision == ReviewState.RETURNED and not remarks:
        raise ValidationError({"remarks": "Укажите замечания: школа должна знать, что исправить."})
    with transaction.atomic():
        locked = lock_for_change(
            local_act_versions_reviewable_by(user), pk=version.pk, expected_version=expected_state, field="state",
            denied="Проверять локальные акты школы может специалист её муниципалитета.", error=ReviewConflict,
            message=lambda locked: (
                f"Пока вы смотрели версию {locked.number}, её уже проверили: сейчас она «{locked.get_state_display()}». "
                "Ваше решение не сохранено."
            ),
        )
        newest = LocalActVersion.objects.filter(act_id=locked.act_id).aggregate(n=Max("number"))["n"]
        if newest != locked.number:
            raise ReviewConflict(
                f"Школа уже загрузила версию {newest}: проверьте её. Решение по версии {locked.number} не сохранено."
            )
        if locked.state == decision:
            raise ValidationError(f"Версия уже в состоянии «{locked.get_state_display()}».")
        act_reviewed(version=locked, author=user, decision=decision, remarks=remarks)
        locked.state, locked.remarks = decision, remarks
        locked.reviewer, locked.reviewed_at = user, timezone.now()
        locked.save(update_fields=["state", "remarks", "reviewer", "reviewed_at"])
    version.state, version.remarks, version.reviewer, version.reviewed_at = (
        locked.state, locked.remarks, locked.reviewer, locked.reviewed_at)
    return locked

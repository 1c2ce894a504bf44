"""The schools import on the shared flow (core.imports): every row's fate is read on the worker and shown; the
officer confirms; the worker checks that the outcome is still what was shown (someone may have changed the schools
meanwhile — then nothing is written and the new outcome is shown) and writes it, all or nothing."""
from dataclasses import asdict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.imports import Applied, ImportKind, ImportRun, PreviewChanged, register
from core.uploads import XLSX, validate_upload

from .importers import schools_import
from .roles import user_scope

ACTIONS = ("created", "changed", "unchanged", "refused")


def _authorize(user, params: dict) -> None:
    scope = user_scope(user)
    if not (scope.is_admin or scope.is_municipal):
        raise PermissionDenied("Загружать школы могут специалисты муниципальных органов и администраторы.")


def _check(upload, name: str) -> None:
    validate_upload(upload, allowed=(XLSX,), max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES)


def _outcome(run: ImportRun, *, dry_run: bool) -> dict:
    with run.open() as file:
        report = schools_import(file=file, name=run.name, user=run.user, dry_run=dry_run)
    run.progress(len(report.rows), len(report.rows))
    rows = [{**asdict(row), "label": row.label} for row in report.rows]
    counts = {action: report.count(action) for action in ACTIONS}
    return {"rows": rows, "counts": counts, "writes": counts["created"] + counts["changed"]}


def _fingerprint(preview: dict) -> list:
    return [[row["row"], row["action"], row["changes"], row["reason"]] for row in preview["rows"]]


def _apply(run: ImportRun) -> Applied:
    check = _outcome(run, dry_run=True)
    if _fingerprint(check) != _fingerprint(run.preview):
        raise PreviewChanged(check, "Пока вы смотрели, школы изменились: проверьте обновлённый результат и "
                                    "подтвердите ещё раз.")
    written = _outcome(run, dry_run=False)
    counts = written["counts"]
    return Applied(f"Школы загружены: создано {counts['created']}, изменено {counts['changed']}, "
                   f"без изменений {counts['unchanged']}.", reverse("schools:schools_import"), "Загрузить ещё файл")


SCHOOLS_IMPORT = register(ImportKind(
    code="schools", title="Загрузка школ", upload_url="schools:schools_import",
    preview_template="schools/import_preview.html", authorize=_authorize, check=_check,
    parse=lambda run: _outcome(run, dry_run=True), apply=_apply,
    may_confirm=lambda preview: bool(preview.get("writes")) and not preview["counts"]["refused"],
))

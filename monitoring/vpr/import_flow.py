"""The ВПР results import on the shared flow (core.imports): read on the worker, previewed with every warning,
written on the worker all or nothing."""
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.imports import Applied, ImportKind, ImportRun, register

from . import selectors, services
from .importers.parser import parse_file
from .importers.reader import sniff_spreadsheet


def _authorize(user, params: dict) -> None:
    if not selectors.can_import(user):
        raise PermissionDenied("Загружать результаты ВПР могут специалисты муниципальных органов и администраторы.")


def _check(upload, name: str) -> None:
    sniff_spreadsheet(upload, name)


def _read(run: ImportRun):
    run.progress(0, 0, "Чтение файла")
    with run.open() as handle:
        parsed = parse_file(handle, name=run.name, scale_text=run.params.get("scale", ""),
                            overrides=run.params.get("overrides") or {})
    run.progress(parsed.participants, parsed.participants)
    return parsed


def _parse(run: ImportRun) -> dict:
    parsed = _read(run)
    run.keep(parsed)  # the confirm writes what was read here, without reading the file a second time
    summary = services.import_summary(parsed, user=run.user)
    return {
        "parsed": {"file_name": parsed.file_name, "layout_label": parsed.layout_label, "sheet": parsed.sheet,
                   "year": parsed.year, "subject": parsed.subject, "grade": parsed.grade,
                   "held_on": f"{parsed.held_on:%d.%m.%Y}" if parsed.held_on else "", "max_score": parsed.max_score,
                   "tasks": len(parsed.tasks), "scale": parsed.scale},
        "summary": summary,
        "writable": sum(1 for school in summary["schools"] if school["state"] == "matched"),
    }


def _apply(run: ImportRun) -> Applied:
    parsed = run.kept() or _read(run)  # kept by _parse for this file and these parameters; else read again
    run.progress(0, parsed.participants, "Запись в портал")
    result = services.vpr_import(parsed=parsed, user=run.user, sha256=run.job.upload_sha256)
    run.progress(result.participants, result.participants)
    return Applied(f"Загружено: {result.round.label}; школ — {result.schools}, участников — {result.participants}.",
                   f"{reverse('vpr:comparison')}?round={result.round.pk}", "Открыть сравнение с отметками по журналу")


VPR_IMPORT = register(ImportKind(
    code="vpr", title="Загрузка результатов ВПР", upload_url="vpr:import", preview_template="vpr/import_preview.html",
    authorize=_authorize, check=_check, parse=_parse, apply=_apply,
    may_confirm=lambda preview: bool(preview.get("writable")),
))

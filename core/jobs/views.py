"""A job's page (polls its state), its state as JSON, the download of an export, and an import's confirm and
cancel — each only for the job's owner, and for an import only while its kind still lets them act there."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.uploads import private_file_response
from core.xlsx import XLSX_CONTENT_TYPE

from . import liveness
from .models import BackgroundJob


def _own(request, pk: int) -> BackgroundJob:
    job = BackgroundJob.objects.filter(owner=request.user, pk=pk).first()
    if job is None:
        raise Http404("Задание не найдено: возможно, оно удалено или его заказал другой пользователь.")
    if job.state == BackgroundJob.State.RUNNING and liveness.jobs_interrupt_stale(pks=[job.pk]):
        job.refresh_from_db()  # its worker died: the page says so instead of «выполняется» for ever
    if job.is_import:
        from core.imports import kind_of

        try:
            kind_of(job).authorize(request.user, job.params)
        except (PermissionDenied, ValidationError):
            raise Http404("Загрузка не найдена.") from None
    return job


def _state(job: BackgroundJob) -> dict:
    label = job.get_state_display()
    if job.is_import and job.state == BackgroundJob.State.RUNNING:
        label = "выполняется"
    return {
        "state": job.state,
        "state_label": label,
        "stage": job.stage,
        "done": job.done,
        "total": job.total,
        "error": job.error,
        "download_url": (reverse("jobs:download", args=[job.pk])
                         if job.state == BackgroundJob.State.DONE and not job.is_import else None),
    }


@require_GET
def job_detail(request, pk: int):
    job = _own(request, pk)
    if not job.is_import:
        return render(request, "jobs/job_detail.html", {"job": job, "state": _state(job)})
    from core.imports import kind_of

    kind = kind_of(job)
    context = {"job": job, "state": _state(job), "kind": kind, "upload_url": kind.upload_link(job)}
    if job.state == BackgroundJob.State.PREVIEW:
        return preview_page(request, job)
    return render(request, "jobs/import_detail.html", context)


def preview_page(request, job: BackgroundJob, *, extra: dict | None = None, status: int = 200):
    """An import's preview: the kind's template with what was read (and, from a step's view, its bound form)."""
    from core.imports import kind_of

    kind = kind_of(job)
    context = {"job": job, "kind": kind, "preview": job.preview, "may_confirm": kind.may_confirm(job.preview)}
    context.update(kind.preview_context(job, request.user))
    context.update(extra or {})
    return render(request, kind.preview_template, context, status=status)


@require_GET
def job_status(request, pk: int):
    return JsonResponse(_state(_own(request, pk)))


@require_GET
def job_download(request, pk: int):
    job = _own(request, pk)
    if job.state != BackgroundJob.State.DONE or job.is_import:
        raise Http404("Файл ещё не готов.")
    return private_file_response(job.result, filename=job.result_name, content_type=XLSX_CONTENT_TYPE)


def _own_import(request, pk: int) -> BackgroundJob:
    job = _own(request, pk)
    if not job.is_import:
        raise Http404("Это не загрузка.")
    return job


def _import_step(request, pk: int, step: str):
    """Confirm or cancel an import: the step's refusal is a message on the job's page."""
    from core import imports

    job = _own_import(request, pk)
    try:
        if step == "confirm":
            imports.import_confirm(job=job, user=request.user)
        else:
            imports.import_cancel(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("jobs:detail", pk=job.pk)
    if step == "confirm":
        return redirect("jobs:detail", pk=job.pk)
    messages.info(request, "Загрузка отменена: ничего не записано.")
    return redirect(imports.kind_of(job).upload_link(job))


@require_POST
def import_confirm(request, pk: int):
    return _import_step(request, pk, "confirm")


@require_POST
def import_cancel(request, pk: int):
    return _import_step(request, pk, "cancel")

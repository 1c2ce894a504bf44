"""A job's page (polls its state), its state as JSON, and the download — each only for the job's owner."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.uploads import private_file_response
from core.xlsx import XLSX_CONTENT_TYPE

from .models import BackgroundJob


def _own(request, pk: int) -> BackgroundJob:
    return get_object_or_404(BackgroundJob.objects.filter(owner=request.user), pk=pk)


def _state(job: BackgroundJob) -> dict:
    return {
        "state": job.state,
        "state_label": job.get_state_display(),
        "done": job.done,
        "total": job.total,
        "error": job.error,
        "download_url": reverse("jobs:download", args=[job.pk]) if job.state == BackgroundJob.State.DONE else None,
    }


@require_GET
def job_detail(request, pk: int):
    job = _own(request, pk)
    return render(request, "jobs/job_detail.html", {"job": job, "state": _state(job)})


@require_GET
def job_status(request, pk: int):
    return JsonResponse(_state(_own(request, pk)))


@require_GET
def job_download(request, pk: int):
    job = _own(request, pk)
    if job.state != BackgroundJob.State.DONE:
        from django.http import Http404

        raise Http404("Файл ещё не готов.")
    return private_file_response(job.result, filename=job.result_name, content_type=XLSX_CONTENT_TYPE)

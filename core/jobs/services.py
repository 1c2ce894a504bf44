"""Start an export on the worker; the task writes the file, marks progress and the outcome."""

import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.xlsx import report_kinds

from .models import BackgroundJob


def export_job_start(*, user, kind: str, params: dict, filename: str, total: int = 0) -> BackgroundJob:
    """Queue an ``export_report`` kind built in ``user``'s scope (the report's own selectors scope it)."""
    kinds = report_kinds()
    if kind not in kinds:
        raise ValidationError(f"Неизвестный вид отчёта «{kind}».")
    from .tasks import run_export_job

    with transaction.atomic():
        job = BackgroundJob.objects.create(owner=user, kind=kind, title=kinds[kind].label, params=params,
                                           result_name=filename, total=total)
        transaction.on_commit(lambda: run_export_job.enqueue(job.pk))
    return job


def export_job_run(*, job: BackgroundJob) -> BackgroundJob:
    kind = report_kinds().get(job.kind)
    BackgroundJob.objects.filter(pk=job.pk).update(state=BackgroundJob.State.RUNNING)
    try:
        if kind is None:
            raise ValidationError(f"Неизвестный вид отчёта «{job.kind}».")
        with tempfile.TemporaryFile() as target:
            rows = kind.write(user=job.owner, target=target, options=dict(job.params))
            target.seek(0)
            job.result.save(job.result_name or f"{job.kind}.xlsx", File(target), save=False)
    except ValidationError as error:
        return _fail(job, " ".join(error.messages))
    except Exception as error:  # the officer gets a message, the log gets the traceback
        import logging

        logging.getLogger(__name__).exception("Background job %s failed", job.pk)
        return _fail(job, f"Не удалось сформировать файл: внутренняя ошибка ({type(error).__name__}).")
    job.state, job.done, job.total, job.finished_at = BackgroundJob.State.DONE, rows, rows, timezone.now()
    job.save(update_fields=["state", "done", "total", "finished_at", "result"])
    return job


def _fail(job: BackgroundJob, message: str) -> BackgroundJob:
    job.state, job.error, job.finished_at = BackgroundJob.State.FAILED, message, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])
    return job

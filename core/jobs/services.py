"""Start an export on the worker; the task writes the file, marks progress and the outcome."""

import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.xlsx import report_kinds

from . import liveness
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
    """Build the file (once: a job already claimed, finished or interrupted is left alone)."""
    kind = report_kinds().get(job.kind)
    liveness.jobs_interrupt_stale()  # the jobs of a worker that died before this one started
    if not BackgroundJob.objects.filter(pk=job.pk, state=BackgroundJob.State.QUEUED).update(
            state=BackgroundJob.State.RUNNING, heartbeat_at=timezone.now(), attempt=F("attempt") + 1):
        job.refresh_from_db()
        return job
    job.refresh_from_db(fields=["state", "attempt", "heartbeat_at"])
    try:
        if kind is None:
            raise ValidationError(f"Неизвестный вид отчёта «{job.kind}».")
        with tempfile.TemporaryFile() as target, liveness.heartbeat(job):
            rows = kind.write(user=job.owner, target=target, options=dict(job.params))
            target.seek(0)
            job.result.save(job.result_name or f"{job.kind}.xlsx", File(target), save=False)
    except ValidationError as error:
        return _fail(job, " ".join(error.messages))
    except Exception as error:  # the officer gets a message, the log gets the traceback
        import logging

        logging.getLogger(__name__).exception("Background job %s failed", job.pk)
        return _fail(job, f"Не удалось сформировать файл: внутренняя ошибка ({type(error).__name__}).")
    if not _store(job, state=BackgroundJob.State.DONE, done=rows, total=rows, finished_at=timezone.now(),
                  result=job.result.name):
        job.result.delete(save=False)  # interrupted meanwhile: the officer was told to order the file again
        job.refresh_from_db()
    return job


def _fail(job: BackgroundJob, message: str) -> BackgroundJob:
    _store(job, state=BackgroundJob.State.FAILED, error=message, finished_at=timezone.now())
    return job


def _store(job: BackgroundJob, **values) -> bool:
    """The outcome of this claim of the job, unless it was interrupted meanwhile (``liveness``)."""
    for name, value in values.items():
        setattr(job, name, value)
    return bool(BackgroundJob.objects.filter(pk=job.pk, state=BackgroundJob.State.RUNNING,
                                             attempt=job.attempt).update(**values))

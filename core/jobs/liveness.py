"""A job whose worker died mid-run must not stay «выполняется» for ever.

While a job runs, a thread of its worker process stamps ``heartbeat_at`` every ``JOB_HEARTBEAT_INTERVAL``
seconds (its own database connection: the stamp lands even while the job writes inside one long transaction).
A running job whose last stamp is older than ``JOB_STALE_AFTER`` seconds is taken for dead and *interrupted*
(``jobs_interrupt_stale``): an export or a file being read fails with a Russian message that says what to do; an
import being written goes back to its preview — its transaction died with the worker, so nothing was written —
and may be confirmed again. The sweep runs when the job's page or status is read, on every upload and at the
start of every job on a worker.

A worker that was merely slow (its heartbeat stalled, the job not dead) cannot finish what was interrupted: each
claim of a job raises ``attempt``, and every outcome is stored only ``WHERE state = running AND attempt = the
claim's`` — an import's writing does that inside its own transaction and rolls everything back when the row is no
longer its own, so an import is never written twice.
"""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from .models import IMPORT_PREFIX, BackgroundJob

logger = logging.getLogger(__name__)
State = BackgroundJob.State
WRITING = "Запись в портал"  # core.imports' stage while the confirmed import is written (core.imports.WRITING)


def stale_after() -> int:
    return settings.JOB_STALE_AFTER


def _minutes() -> str:
    minutes = max(1, round(stale_after() / 60))
    return f"{minutes} мин."


def interrupted_message(job: BackgroundJob) -> str:
    why = f"Обработка прервана: фоновый обработчик перестал отвечать (нет отметок о работе дольше {_minutes()})."
    if not job.kind.startswith(IMPORT_PREFIX):
        return why + " Закажите файл снова."
    if job.stage == WRITING:
        return (f"Запись прервана: фоновый обработчик перестал отвечать (нет отметок о работе дольше {_minutes()}). "
                "Ничего не записано — проверьте предпросмотр и подтвердите загрузку снова.")
    return why + " Загрузите файл снова."


def jobs_interrupt_stale(*, now=None, pks=None) -> int:
    """Interrupt running jobs with no heartbeat for ``JOB_STALE_AFTER`` seconds; returns how many.

    A database busy with the very job (SQLite: one writer) refuses the sweep: the job is alive, nothing is lost.
    """
    now = now or timezone.now()
    limit = now - timedelta(seconds=stale_after())
    stale = BackgroundJob.objects.filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, created_at__lt=limit), state=State.RUNNING)
    if pks is not None:
        stale = stale.filter(pk__in=pks)
    count = 0
    try:
        # A savepoint inside a caller's transaction: a refused sweep rolls back alone and leaves that one usable.
        with transaction.atomic():
            for job in stale.only("pk", "kind", "stage", "attempt", "upload"):
                count += _interrupt(job, now)
    except DatabaseError:
        logger.warning("Background jobs: the sweep of stale jobs was refused by the database", exc_info=True)
        return 0
    return count


def _interrupt(job: BackgroundJob, now) -> int:
    mine = BackgroundJob.objects.filter(pk=job.pk, state=State.RUNNING, attempt=job.attempt)
    message = interrupted_message(job)
    if job.kind.startswith(IMPORT_PREFIX) and job.stage == WRITING:
        from core.imports import CHECKING

        return mine.update(state=State.PREVIEW, stage=CHECKING, error=message)
    updated = mine.update(state=State.FAILED, error=message, finished_at=now)
    if updated and job.kind.startswith(IMPORT_PREFIX):
        from core.imports import drop_upload

        drop_upload(job)
    return updated


def beat(job: BackgroundJob) -> int:
    """One heartbeat of the claim ``job`` holds (nothing once the job was interrupted or claimed again)."""
    return BackgroundJob.objects.filter(pk=job.pk, state=State.RUNNING, attempt=job.attempt).update(
        heartbeat_at=timezone.now())


@contextmanager
def heartbeat(job: BackgroundJob):
    """Stamp the job from a thread of this process while the block runs."""
    stop = threading.Event()

    def loop():
        try:
            while not stop.wait(settings.JOB_HEARTBEAT_INTERVAL):
                try:
                    beat(job)
                except DatabaseError:  # SQLite busy with the job's own writing: the next beat tries again
                    logger.info("Background job %s: heartbeat refused by the database", job.pk)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=loop, name=f"job-heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)

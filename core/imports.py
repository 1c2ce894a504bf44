"""One import flow for every file the portal takes in: upload → reading on the worker → preview → confirm →
writing on the worker → result.

An app declares an ``ImportKind`` in its ``import_flow.py`` (found by ``core.jobs`` at start-up, in the web
process and in the worker alike) and plugs in its own callables; core imports no app of the project.

* The upload page calls ``import_start``: the file is checked by content, copied in chunks to private storage
  (``MEDIA_ROOT/imports/``, served by no URL) and a ``BackgroundJob`` is queued to read it.
* The worker runs the kind's ``parse`` (progress through ``run.progress``); what it returns (JSON) is the preview.
  A file it cannot read fails the job with the parser's Russian message; the upload is then deleted.
* The job's page (``jobs:detail``) polls until the preview is ready, then shows the kind's preview template with
  «Загрузить в портал» / «Отменить». ``import_confirm`` queues the kind's ``apply``, which runs on the worker inside
  one transaction: all or nothing. Its ``Applied`` says what was written and links to it.
* Only the uploader sees the job, and only while the kind's ``authorize`` still lets them act where the import
  writes (the app's selectors, i.e. ``schools.access``); anyone else gets a 404.
* Abandoned uploads (queued, waiting for confirmation, failed or cancelled, older than
  ``IMPORT_PENDING_MAX_AGE`` seconds, a day by default) are removed, file and job, on the next upload of anyone
  (``imports_sweep``). A finished import keeps its job (the result page) but not its file.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import pickle
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from datetime import timedelta
from typing import Any, Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.jobs import liveness
from core.jobs.models import IMPORT_PREFIX, BackgroundJob

logger = logging.getLogger(__name__)
State = BackgroundJob.State
READING, CHECKING, WRITING = "Чтение файла", "Проверка перед записью", liveness.WRITING


@dataclass(frozen=True)
class Applied:
    """What an import wrote: a sentence for the officer and a link to it."""

    message: str
    url: str
    link_label: str = "Открыть загруженное"


class PreviewChanged(Exception):
    """Raised by ``apply`` when the file now means something else than the preview showed (someone changed the
    portal meanwhile): nothing is written, the new preview is shown with ``message`` for a second look."""

    def __init__(self, preview: dict, message: str):
        super().__init__(message)
        self.preview, self.message = preview, message


@dataclass
class ImportRun:
    """What ``parse`` and ``apply`` get: the job, its owner and parameters, the stored file and a progress meter."""

    job: BackgroundJob

    @property
    def user(self):
        return self.job.owner

    @property
    def params(self) -> dict:
        return self.job.params

    @property
    def name(self) -> str:
        return self.job.upload_name

    @property
    def preview(self) -> dict:
        return self.job.preview

    def open(self):
        """The uploaded file, binary, positioned at the start (the caller closes it: ``with run.open() as f``)."""
        try:
            return self.job.upload.open("rb")
        except (FileNotFoundError, ValueError):
            raise ValidationError("Загруженный файл не найден: загрузите его снова.") from None

    def keep(self, value) -> None:
        """Keep what ``parse`` read for ``apply`` (which then need not read the file again): pickled beside the
        upload in private storage — streamed through a temporary file, never held twice in memory — signed with the
        project's key and stamped with the file's SHA-256 and the job's parameters; dropped with the upload."""
        name = _kept_name(self.job)
        if name is None:
            return
        with tempfile.TemporaryFile() as target:
            target.write(b"0" * KEPT_SIGNATURE)
            signing = _Signing(target)
            pickle.dump((self.job.upload_sha256, self.job.params, value), signing, protocol=pickle.HIGHEST_PROTOCOL)
            target.seek(0)
            target.write(signing.mac.hexdigest().encode())
            target.seek(0)
            storage = self.job.upload.storage
            storage.delete(name)
            storage.save(name, File(target))

    def kept(self):
        """What ``keep`` stored for this very file and these parameters, or None (then read the file again)."""
        name = _kept_name(self.job)
        storage = self.job.upload.storage if name else None
        if name is None or not storage.exists(name):
            return None
        with storage.open(name, "rb") as handle:
            signature, mac = handle.read(KEPT_SIGNATURE), _kept_mac()
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                mac.update(chunk)
            if not hmac.compare_digest(signature, mac.hexdigest().encode()):
                logger.warning("Import %s: the kept reading fails its signature; the file is read again", self.job.pk)
                return None
            handle.seek(KEPT_SIGNATURE)
            sha256, params, value = pickle.load(handle)  # signed with the project's key: written by its own worker
        return value if (sha256, params) == (self.job.upload_sha256, self.job.params) else None

    def progress(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        """N of M rows (and the stage), visible to the polling page at once (outside any transaction of apply)."""
        job = self.job
        job.done = done
        fields = ["done"]
        if total is not None:
            job.total, fields = total, [*fields, "total"]
        if stage is not None:
            job.stage, fields = stage[:100], [*fields, "stage"]
        if not transaction.get_connection().in_atomic_block:
            job.heartbeat_at, fields = timezone.now(), [*fields, "heartbeat_at"]
            job.save(update_fields=fields)


@dataclass(frozen=True)
class ImportKind:
    code: str  # "vpr", "order", ...
    title: str  # the job's title: «Загрузка результатов ВПР»
    upload_url: str | Callable[[BackgroundJob], str]  # the upload page: a URL name, or (job) → URL
    preview_template: str  # extends base.html; gets ``job``, ``preview`` and ``preview_context``'s keys
    authorize: Callable[[Any, dict], None]  # (user, params): PermissionDenied / Http404 outside the user's scope
    parse: Callable[[ImportRun], dict]  # → the preview (JSON); ValidationError in Russian for a bad file
    apply: Callable[[ImportRun], Applied]  # writes what the preview showed; runs inside one transaction
    check: Callable[[Any, str], None] | None = None  # (upload, name): the content check; ValidationError
    preview_context: Callable[[BackgroundJob, Any], dict] = field(default=lambda job, user: {})
    may_confirm: Callable[[dict], bool] = field(default=lambda preview: True)

    def upload_link(self, job: BackgroundJob) -> str:
        from django.urls import reverse

        return self.upload_url(job) if callable(self.upload_url) else reverse(self.upload_url)

    @property
    def job_kind(self) -> str:
        return IMPORT_PREFIX + self.code


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    _KINDS[kind.job_kind] = kind
    return kind


def kind_of(job: BackgroundJob) -> ImportKind:
    try:
        return _KINDS[job.kind]
    except KeyError:
        raise ValidationError(f"Неизвестный вид загрузки «{job.kind}».") from None


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES


def too_big_message(size: int, name: str = "") -> str:
    limit = max_upload_bytes()
    what = f"Файл «{name}»" if name else "Файл"
    return (f"{what} слишком большой ({filesizeformat(size)}); загрузить можно файл не более "
            f"{filesizeformat(limit)}. Разделите его на части или обратитесь к администратору портала.")


def request_too_big(request) -> str | None:
    """Before the body is read: a Russian message when the request announces more than the cap allows."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    return too_big_message(length) if length > max_upload_bytes() + 1024 * 1024 else None


def import_start(*, user, kind: ImportKind, upload, params: dict | None = None) -> BackgroundJob:
    """Check the file, keep it privately and queue its reading. ValidationError (Russian) for a refused file."""
    params = dict(params or {})
    kind.authorize(user, params)
    name = (getattr(upload, "name", "") or "файл")[:255]
    if upload.size == 0:
        raise ValidationError(f"Файл «{name}» пуст.")
    if upload.size > max_upload_bytes():
        raise ValidationError(too_big_message(upload.size, name))
    if kind.check is not None:
        kind.check(upload, name)
    imports_sweep()
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    job = BackgroundJob.objects.create(owner=user, kind=kind.job_kind, title=kind.title, params=params,
                                       upload_name=name, upload_sha256=digest.hexdigest(), stage=READING)
    suffix = "".join(c for c in name.rsplit(".", 1)[-1].lower() if c.isalnum())[:8] if "." in name else "bin"
    job.upload.save(f"{job.pk}.{suffix}", upload, save=True)  # a generated name, written chunk by chunk
    _enqueue_parse(job)
    return job


def _enqueue_parse(job: BackgroundJob) -> None:
    from core.jobs.tasks import run_import_parse

    run_import_parse.enqueue(job.pk)


def import_reparse(*, job: BackgroundJob, user, params: dict) -> BackgroundJob:
    """Read the file again with new parameters (a column mapping, say): back to the queue, the preview dropped."""
    kind = kind_of(job)
    kind.authorize(user, {**job.params, **params})
    updated = BackgroundJob.objects.filter(pk=job.pk, state__in=(State.PREVIEW, State.FAILED)).update(
        state=State.QUEUED, params={**job.params, **params}, preview={}, error="", done=0, total=0,
        stage=READING)
    if not updated or not job.upload:
        raise ValidationError("Эту загрузку уже нельзя изменить: загрузите файл снова.")
    job.refresh_from_db()
    _enqueue_parse(job)
    return job


def import_confirm(*, job: BackgroundJob, user) -> BackgroundJob:
    """The officer confirms what they saw: writing is queued (once: a second confirm is refused)."""
    kind = kind_of(job)
    kind.authorize(user, job.params)
    if not kind.may_confirm(job.preview):
        raise ValidationError("В файле нечего загружать: исправьте его и загрузите снова.")
    updated = BackgroundJob.objects.filter(pk=job.pk, state=State.PREVIEW).update(
        state=State.QUEUED, error="", stage=WRITING, done=0)
    if not updated:
        raise ValidationError("Эта загрузка уже подтверждена или отменена.")
    from core.jobs.tasks import run_import_apply

    run_import_apply.enqueue(job.pk)
    job.refresh_from_db()
    return job


def import_cancel(*, job: BackgroundJob, user) -> None:
    """Drop an upload that is being read or waits for confirmation; writing, once queued, is not cancelled."""
    kind_of(job).authorize(user, job.params)
    reading = Q(state__in=(State.QUEUED, State.RUNNING), stage=READING)
    updated = BackgroundJob.objects.filter(Q(pk=job.pk) & (Q(state__in=(State.PREVIEW, State.FAILED)) | reading)
                                           ).update(state=State.CANCELLED, finished_at=timezone.now())
    if not updated:
        raise ValidationError("Эта загрузка уже записывается или завершена: отменить её нельзя.")
    drop_upload(job)


def imports_sweep(*, now=None) -> int:
    """Remove abandoned imports (files and jobs) older than IMPORT_PENDING_MAX_AGE seconds; returns how many."""
    liveness.jobs_interrupt_stale(now=now)
    limit = (now or timezone.now()) - timedelta(seconds=settings.IMPORT_PENDING_MAX_AGE)
    waiting = Q(state__in=(State.PREVIEW, State.FAILED, State.CANCELLED)) | Q(state__in=(State.QUEUED, State.RUNNING),
                                                                             stage=READING)  # never one being written
    stale = list(BackgroundJob.objects.filter(waiting, kind__startswith=IMPORT_PREFIX, created_at__lt=limit))
    for job in stale:
        drop_upload(job)
    BackgroundJob.objects.filter(pk__in=[job.pk for job in stale]).delete()
    return len(stale)


def _kept_name(job: BackgroundJob) -> str | None:
    return f"{job.upload.name}.kept" if job.upload else None


KEPT_SIGNATURE = 64  # hex SHA-256 HMAC at the head of a kept reading


def _kept_mac():
    return salted_hmac("core.imports.kept", b"", algorithm="sha256")


class _Signing:
    """A file that signs what is written to it."""

    def __init__(self, target):
        self.target, self.mac = target, _kept_mac()

    def write(self, data) -> int:
        self.mac.update(data)
        return self.target.write(data)


def drop_upload(job: BackgroundJob) -> None:
    """The uploaded file and what was kept of its reading (``ImportRun.keep``) go."""
    if job.upload:
        kept = _kept_name(job)
        if job.upload.storage.exists(kept):
            job.upload.storage.delete(kept)
        job.upload.delete(save=False)
        BackgroundJob.objects.filter(pk=job.pk).update(upload="")


# --- on the worker -----------------------------------------------------------------------------


def _finish(job: BackgroundJob, **fields) -> bool:
    """Store the outcome unless the job was cancelled or interrupted meanwhile (``liveness``: this claim only)."""
    for name, value in fields.items():
        setattr(job, name, value)
    values = {name: getattr(job, name) for name in ("done", "total", "stage", *fields)}
    return bool(BackgroundJob.objects.filter(pk=job.pk, state=State.RUNNING, attempt=job.attempt).update(**values))


@contextmanager
def acting_as(user):
    """The rows written in the block are changed by ``user`` in their history (django-simple-history reads who from
    the request, and a worker or a command has none: without this an import's rows said «Кто: —»)."""
    from simple_history.models import HistoricalRecords

    context, missing = HistoricalRecords.context, object()
    previous = getattr(context, "request", missing)
    context.request = SimpleNamespace(user=user) if user is not None else None
    try:
        yield
    finally:
        if previous is missing:
            del context.request
        else:
            context.request = previous


class Interrupted(Exception):
    """The job was interrupted (taken for dead) while this worker was still writing it: roll its writing back."""


def _claim(job_id: int, stage: str) -> BackgroundJob | None:
    """Queued → running (once: a job cancelled meanwhile is left alone); a new claim, a new ``attempt``."""
    liveness.jobs_interrupt_stale()  # the jobs of a worker that died before this one started
    if not BackgroundJob.objects.filter(pk=job_id, state=State.QUEUED).update(
            state=State.RUNNING, stage=stage, heartbeat_at=timezone.now(), attempt=F("attempt") + 1):
        return None
    return BackgroundJob.objects.select_related("owner").get(pk=job_id)


def _refusal(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return str(error) or "Нет прав на эту загрузку."
    return "Загрузка больше не доступна вам (вне вашей зоны ответственности)."


def import_run_parse(job_id: int) -> str:
    job = _claim(job_id, READING)
    if job is None:
        return "skipped"
    try:
        kind = kind_of(job)
        kind.authorize(job.owner, job.params)
        with liveness.heartbeat(job):
            preview = kind.parse(ImportRun(job))
    except Exception as error:  # a refusal is the officer's message; anything else is logged and named
        if not isinstance(error, (ValidationError, PermissionDenied)) and type(error).__name__ != "Http404":
            logger.exception("Import %s: reading failed", job_id)
            message = f"Не удалось прочитать файл: внутренняя ошибка ({type(error).__name__})."
        else:
            message = _refusal(error)
        _finish(job, state=State.FAILED, error=message, finished_at=timezone.now())
        drop_upload(job)
        return State.FAILED
    _finish(job, state=State.PREVIEW, preview=preview, stage=CHECKING, error="")
    return job.state


def import_run_apply(job_id: int) -> str:
    job = _claim(job_id, WRITING)
    if job is None:
        return "skipped"
    run = ImportRun(job)
    try:
        kind = kind_of(job)
        kind.authorize(job.owner, job.params)
        with liveness.heartbeat(job), acting_as(job.owner), transaction.atomic():  # all or nothing, whatever the
            applied = kind.apply(run)  # kind's own transactions do; the rows' history says the uploader wrote them
            job.done = job.total or job.done
            if not _finish(job, state=State.DONE, finished_at=timezone.now(), stage="Записано",
                           result_label=applied.message[:500], result_url=applied.url[:500], error="",
                           preview={**job.preview, "link_label": applied.link_label}):
                raise Interrupted  # interrupted meanwhile: its writing is someone else's now, or the officer's again
    except Interrupted:
        logger.warning("Import %s: interrupted while writing; rolled back", job_id)
        return "interrupted"
    except PreviewChanged as changed:
        _finish(job, state=State.PREVIEW, preview=changed.preview, error=changed.message, stage=CHECKING)
        return job.state
    except Exception as error:  # nothing was written: back to the preview with the reason
        if not isinstance(error, (ValidationError, PermissionDenied)) and type(error).__name__ != "Http404":
            logger.exception("Import %s: writing failed", job_id)
            message = f"Ничего не записано: внутренняя ошибка ({type(error).__name__})."
        else:
            message = "Ничего не записано. " + _refusal(error)
        _finish(job, state=State.PREVIEW, error=message, stage=CHECKING)
        return job.state
    drop_upload(job)
    return job.state


# --- the upload page ---------------------------------------------------------------------------


def upload_page(request, *, kind: ImportKind, make_form, template: str = "", params=None, context=None,
                field_name: str = "file", render_page=None):
    """The upload page of an import, GET and POST, the same for every kind.

    ``make_form(data, files)`` builds the app's form; ``params(form)`` turns its cleaned data into the job's
    parameters (JSON). A request announcing more than the cap is refused before its body is read; a valid form
    starts the import and redirects to the job's page (progress, then the preview). ``render_page(form, errors,
    status)`` draws a page other than ``template`` (an upload form inside another page).
    """
    from django.shortcuts import redirect, render

    errors, status = [], 200
    too_big = request.method == "POST" and request_too_big(request)
    if too_big:
        form, errors, status = make_form(None, None), [too_big], 413
    else:
        form = make_form(request.POST or None, request.FILES or None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    job = import_start(user=request.user, kind=kind, upload=form.cleaned_data[field_name],
                                       params=params(form) if params else {})
                except ValidationError as error:
                    form.add_error(field_name, error)
                else:
                    return redirect("jobs:detail", pk=job.pk)
            status = 400
    if field_name in form.fields:
        form.fields[field_name].widget.attrs["data-max-bytes"] = max_upload_bytes()
        form.fields[field_name].widget.attrs["data-too-big"] = (
            f"Файл больше допустимого: загрузить можно файл не более {filesizeformat(max_upload_bytes())}.")
    if render_page is not None:
        return render_page(form, errors, status)
    return render(request, template, {"form": form, "upload_errors": errors, "max_upload_bytes": max_upload_bytes(),
                                      **(context or {})}, status=status)


def preview_update(*, job: BackgroundJob, user, changes: dict) -> None:
    """Change what a waiting preview shows (a column mapping applied to what was read): no new reading."""
    kind_of(job).authorize(user, job.params)
    if not BackgroundJob.objects.filter(pk=job.pk, state=State.PREVIEW).update(preview={**job.preview, **changes},
                                                                               error=""):
        raise ValidationError("Эта загрузка уже подтверждена или отменена.")

"""Evidence: a file (checked by content) or a link that backs an event — one mechanism for every history.

`Evidence` is the abstract set of columns an event row carries; `evidence_attach` checks an upload and fills
them; `GeneratedName` stores every upload (evidence, local acts) under a generated name, the user's file name
being kept only as data.
"""
import hashlib
import uuid
from pathlib import PurePosixPath

from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.deconstruct import deconstructible

from .uploads import EVIDENCE_KINDS, FileKind, private_file_response, validate_upload


@deconstructible
class GeneratedName:
    """`upload_to` that never uses the user's file name as a path: `<folder>/<uuid><.ext>`."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, GeneratedName) and other.folder == self.folder


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


class HistoryEvent(models.Model):
    """A row of a history (one business event): when it happened; histories read newest first."""

    created_at = models.DateTimeField("когда", auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class Evidence(models.Model):
    """The evidence columns of an event row. A subclass sets `evidence_file`'s folder with `evidence_field()`."""

    evidence_name = models.CharField("имя файла", max_length=255, blank=True)
    evidence_size = models.PositiveIntegerField("размер файла", null=True, blank=True)
    evidence_content_type = models.CharField("тип файла", max_length=100, blank=True)
    evidence_url = models.URLField("ссылка-подтверждение", max_length=1000, blank=True)

    class Meta:
        abstract = True

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_url)


def evidence_field(folder: str) -> models.FileField:
    return models.FileField("файл-подтверждение", upload_to=GeneratedName(folder), blank=True)


def evidence_given(*, comment: str = "", evidence_file=None, evidence_url: str = "") -> bool:
    return bool(comment or evidence_file or evidence_url)


def evidence_validate(evidence_file, *, allowed: tuple[FileKind, ...] = EVIDENCE_KINDS) -> FileKind | None:
    """The upload's kind (checked by content), or None without a file; ValidationError in Russian otherwise."""
    return validate_upload(evidence_file, allowed=allowed) if evidence_file else None


def evidence_attach(
    event: Evidence, *, evidence_file=None, evidence_url: str = "", kind: FileKind | None = None
) -> None:
    """Fill the event's evidence columns (not saved): the link, and the file with its facts.

    `kind` is the result of `evidence_validate` (validated before the transaction starts).
    """
    event.evidence_url = evidence_url or ""
    if not evidence_file:
        return
    kind = kind or evidence_validate(evidence_file)
    event.evidence_name = evidence_file.name[:255]
    event.evidence_size = evidence_file.size
    event.evidence_content_type = kind.content_type
    if hasattr(event, "evidence_sha256"):
        event.evidence_sha256 = sha256_of(evidence_file)
    event.evidence_file = evidence_file


def evidence_refer(event: Evidence, *, stored_file=None, name: str = "", size: int | None = None,
                   content_type: str = "", url: str = "") -> None:
    """Fill the event's evidence columns (not saved) from a file another row already stores, checked when it was
    uploaded (a protocol, a material): the event names the same stored file, no second copy is written."""
    event.evidence_url = url or ""
    if stored_file:
        event.evidence_file = stored_file.name
        event.evidence_name, event.evidence_size, event.evidence_content_type = name[:255], size, content_type


def evidence_download(visible_events, pk: int):
    """An event's evidence file as an attachment; `visible_events` is the user's scoped queryset (404 outside it)."""
    event = get_object_or_404(visible_events, pk=pk)
    return private_file_response(event.evidence_file, filename=event.evidence_name,
                                 content_type=event.evidence_content_type)

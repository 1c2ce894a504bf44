import uuid
from pathlib import PurePosixPath

from django.db import models


def _generated(prefix: str, filename: str) -> str:
    # Generated name: the user's file name is kept only as data, never as a path.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{prefix}/{uuid.uuid4().hex}{suffix}"


def protocol_upload_to(instance, filename: str) -> str:
    return _generated("observation-protocols", filename)


def material_upload_to(instance, filename: str) -> str:
    return _generated("event-materials", filename)


def certificate_upload_to(instance, filename: str) -> str:
    return _generated("certificates", filename)


class StoredFile(models.Model):
    """A content-checked upload kept with its original name (see core.uploads)."""

    file_name = models.CharField("имя файла", max_length=255, blank=True)
    file_size = models.PositiveIntegerField("размер файла", null=True, blank=True)
    file_content_type = models.CharField("тип файла", max_length=100, blank=True)

    class Meta:
        abstract = True

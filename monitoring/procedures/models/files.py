from django.db import models

from core.evidence import GeneratedName

# Generated names (core.evidence.GeneratedName): the user's file name is kept only as data, never as a path.
# Functions rather than GeneratedName instances because the migrations name these functions.


def protocol_upload_to(instance, filename: str) -> str:
    return GeneratedName("observation-protocols")(instance, filename)


def material_upload_to(instance, filename: str) -> str:
    return GeneratedName("event-materials")(instance, filename)


def certificate_upload_to(instance, filename: str) -> str:
    return GeneratedName("certificates")(instance, filename)


class StoredFile(models.Model):
    """A content-checked upload kept with its original name (see core.uploads)."""

    file_name = models.CharField("имя файла", max_length=255, blank=True)
    file_size = models.PositiveIntegerField("размер файла", null=True, blank=True)
    file_content_type = models.CharField("тип файла", max_length=100, blank=True)

    class Meta:
        abstract = True

    def store(self, field: str, upload, kind) -> None:
        """Put an upload checked by content (``kind``: core.uploads.validate_upload's answer) into ``field`` and
        keep its facts: the user's file name, the size, the type."""
        setattr(self, field, upload)
        self.file_name, self.file_size, self.file_content_type = upload.name[:255], upload.size, kind.content_type

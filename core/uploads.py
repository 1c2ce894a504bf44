"""Uploaded files are checked by what they contain, not by what they are called.

Used for evidence (roadmaps) and local acts (schools): one place for the rule.
"""
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# A real office document unpacks to a few MB in a few hundred entries; anything
# far beyond that is a ZIP bomb or not a document at all.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", "PDF", "application/pdf", (".pdf",))
DOCX = FileKind("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileKind("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ODT = FileKind("odt", "ODT", "application/vnd.oasis.opendocument.text", (".odt",))
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("png", "PNG", "image/png", (".png",))

EVIDENCE_KINDS = (PDF, DOCX, ODT, XLSX, JPEG, PNG)
DOCUMENT_KINDS = (PDF, DOCX, ODT)


def _read_head(upload, size: int = 8) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def check_zip_safety(
    upload, *, name: str, max_unpacked: int = MAX_ZIP_UNPACKED_BYTES, what: str = "документ"
) -> zipfile.ZipFile:
    """Open an OOXML/ODF container, refusing corrupt files and ZIP bombs.

    ``max_unpacked`` is the ceiling on the unpacked size; ``what`` names the expected thing in the messages
    («это не похоже на документ» / «… на таблицу»).
    """
    try:
        upload.seek(0)
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(f"Файл «{name}» повреждён или обрезан: его не удаётся открыть.") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(f"Файл «{name}» содержит слишком много частей ({len(infos)}): это не похоже на {what}.")
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > max_unpacked or unpacked / packed > MAX_ZIP_RATIO:
        raise ValidationError(f"Файл «{name}» после распаковки слишком велик: это не похоже на {what}.")
    return archive


def _zip_kind(upload, name: str) -> FileKind | None:
    archive = check_zip_safety(upload, name=name)
    names = set(archive.namelist())
    kind = None
    if "word/document.xml" in names:
        kind = DOCX
    elif "xl/workbook.xml" in names:
        kind = XLSX
    elif "mimetype" in names and archive.read("mimetype").strip() == ODT.content_type.encode():
        kind = ODT
    upload.seek(0)
    return kind


def sniff_kind(upload, name: str) -> FileKind | None:
    head = _read_head(upload)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload, name)
    return None


def validate_upload(upload, *, allowed: tuple[FileKind, ...], max_bytes: int | None = None) -> FileKind:
    """Return the file's real kind or raise a ValidationError in Russian."""
    name = getattr(upload, "name", "") or "файл"
    limit = max_bytes or settings.MAX_UPLOAD_BYTES
    if upload.size == 0:
        raise ValidationError(f"Файл «{name}» пуст.")
    if upload.size > limit:
        raise ValidationError(
            f"Файл «{name}» слишком большой ({filesizeformat(upload.size)}); допустимо не более {filesizeformat(limit)}."
        )
    allowed_labels = ", ".join(kind.label for kind in allowed)
    kind = sniff_kind(upload, name)
    if kind is None or kind not in allowed:
        raise ValidationError(
            f"Файл «{name}» не является документом допустимого типа ({allowed_labels}): проверено по содержимому."
        )
    if not name.lower().endswith(kind.extensions):
        raise ValidationError(
            f"Расширение файла «{name}» не совпадает с содержимым (это {kind.label}). Переименуйте файл и загрузите снова."
        )
    return kind


def private_file_response(stored, *, filename: str, content_type: str = ""):
    """Stream an uploaded file as an attachment. Callers fetch its owner through a scoping selector first.

    A missing or lost file is a 404, not a server error.
    """
    from django.http import FileResponse, Http404

    if not stored:
        raise Http404("Файла нет.")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("Файл не найден в хранилище.") from None
    return FileResponse(handle, as_attachment=True, filename=filename or "file",
                        content_type=content_type or "application/octet-stream")

"""Spreadsheets in: XLSX, XLS, ODS through python-calamine (fast, Rust), CSV through the csv module.

The kind is taken from the content, not from the name. A sheet is read row by row (``Sheet.iter_rows``), never
copied whole into Python lists: a million-row file costs the rows the parser keeps, not the sheet twice over.
Values are plain (str, int, float, date; an empty cell is "" or None).
"""
import csv
import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core.uploads import check_zip_safety

logger = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream name inside a password-protected XLSX
PASSWORD_MESSAGE = ("Файл «{name}» защищён паролем: откройте его в Excel или LibreOffice, снимите пароль, "
                    "сохраните и загрузите снова.")
SUPPORTED = "XLSX, XLS, ODS или CSV"
# A regional results file of a million rows unpacks to a gigabyte of sheet XML: far above what the portal allows
# for a document (portal.uploads), so spreadsheets get their own ceiling; the ratio check still stops ZIP bombs.
MAX_SHEET_UNPACKED_BYTES = 4 * 1024**3


def check_spreadsheet_zip(handle, *, name: str) -> zipfile.ZipFile:
    return check_zip_safety(handle, name=name, max_unpacked=MAX_SHEET_UNPACKED_BYTES, what="таблицу")


@dataclass
class Sheet:
    name: str
    open_rows: Callable[[], Iterator[list]]
    file_name: str = ""

    def iter_rows(self) -> Iterator[list]:
        try:
            yield from self.open_rows()
        except ValidationError:
            raise
        except Exception as exc:  # calamine raises its own error types (in English) on a damaged sheet
            logger.info("ВПР: лист %r файла %r не читается: %s", self.name, self.file_name, exc)
            raise ValidationError(f"Файл «{self.file_name}»: лист «{self.name}» повреждён и не читается — "
                                  "сохраните файл заново в Excel или LibreOffice.") from exc


def sniff_spreadsheet(handle, name: str) -> str:
    """'xlsx' | 'xls' | 'ods' | 'csv' by content; a Russian ValidationError for anything else."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if not head:
        raise ValidationError(f"Файл «{name}» пуст.")
    if head.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in handle.read():  # an XLSX under a password is an OLE box around the encrypted file
            raise ValidationError(PASSWORD_MESSAGE.format(name=name))
        handle.seek(0)
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        archive = check_spreadsheet_zip(handle, name=name)
        names = set(archive.namelist())
        handle.seek(0)
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
            handle.seek(0)
            return "ods"
        raise ValidationError(f"Файл «{name}» — архив, но не таблица ({SUPPORTED}): проверено по содержимому.")
    sample = handle.read(4096)
    handle.seek(0)
    if b"\x00" in sample:
        raise ValidationError(f"Файл «{name}» не является таблицей ({SUPPORTED}): проверено по содержимому.")
    return "csv"


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"Файл «{name}»: не удалось определить кодировку текста (ожидается UTF-8 или Windows-1251).")


def _read_csv(handle, name: str) -> list[Sheet]:
    text = _decode(handle.read(), name)
    first = text.split("\n", 20)[:20]
    delimiter = max((";", ",", "\t"), key=lambda d: sum(line.count(d) for line in first))
    return [Sheet(name=name, open_rows=lambda: csv.reader(io.StringIO(text), delimiter=delimiter), file_name=name)]


def _read_calamine(handle, name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, PasswordError

    handle.seek(0)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
        names = list(book.sheet_names)
    except PasswordError as exc:
        raise ValidationError(PASSWORD_MESSAGE.format(name=name)) from exc
    except Exception as exc:  # calamine raises its own error types, in English: the user gets Russian
        logger.info("ВПР: файл %r не открывается: %s", name, exc)
        raise ValidationError(f"Файл «{name}» повреждён или не является таблицей ({SUPPORTED}): его не удаётся "
                              "открыть.") from exc

    def opener(sheet_name: str):
        return lambda: book.get_sheet_by_name(sheet_name).iter_rows()

    return [Sheet(name=sheet_name, open_rows=opener(sheet_name), file_name=name) for sheet_name in names]


def read_spreadsheet(handle, *, name: str) -> list[Sheet]:
    kind = sniff_spreadsheet(handle, name)
    if kind == "csv":
        return _read_csv(handle, name)
    return _read_calamine(handle, name)

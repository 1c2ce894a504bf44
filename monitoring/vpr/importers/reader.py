"""Spreadsheets in: XLSX, XLS, ODS through python-calamine (fast, Rust), CSV through the csv module.

The kind is taken from the content, not from the name. A sheet is read row by row (``Sheet.iter_rows``), never
copied whole into Python lists: a million-row file costs the rows the parser keeps, not the sheet twice over.
Values are plain (str, int, float, date; an empty cell is "" or None).
"""
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from portal.uploads import check_zip_safety

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED = "XLSX, XLS, ODS или CSV"


@dataclass
class Sheet:
    name: str
    open_rows: Callable[[], Iterator[list]]

    def iter_rows(self) -> Iterator[list]:
        try:
            yield from self.open_rows()
        except ValidationError:
            raise
        except Exception as exc:  # calamine raises its own error types on a damaged sheet
            raise ValidationError(f"Лист «{self.name}» повреждён: {exc}") from exc


def sniff_spreadsheet(handle, name: str) -> str:
    """'xlsx' | 'xls' | 'ods' | 'csv' by content; a Russian ValidationError for anything else."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if not head:
        raise ValidationError(f"Файл «{name}» пуст.")
    if head.startswith(OLE_MAGIC):
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        archive = check_zip_safety(handle, name=name)
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
    return [Sheet(name=name, open_rows=lambda: csv.reader(io.StringIO(text), delimiter=delimiter))]


def _read_calamine(handle, name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    handle.seek(0)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine raises its own error types
        raise ValidationError(f"Файл «{name}» повреждён или не является таблицей: {exc}") from exc

    def opener(sheet_name: str):
        return lambda: book.get_sheet_by_name(sheet_name).iter_rows()

    return [Sheet(name=sheet_name, open_rows=opener(sheet_name)) for sheet_name in names]


def read_spreadsheet(handle, *, name: str) -> list[Sheet]:
    kind = sniff_spreadsheet(handle, name)
    if kind == "csv":
        return _read_csv(handle, name)
    return _read_calamine(handle, name)

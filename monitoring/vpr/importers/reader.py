"""Spreadsheets in: XLSX, XLS, ODS through python-calamine (fast, Rust), CSV through the csv module.

The kind is taken from the content, not from the name; every sheet comes back as rows of plain values
(str, int, float, date or None).
"""
import csv
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from portal.uploads import check_zip_safety

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED = "XLSX, XLS, ODS или CSV"


@dataclass
class Sheet:
    name: str
    rows: list[list]


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
    rows = [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return [Sheet(name=name, rows=rows)]


def _read_calamine(handle, name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    handle.seek(0)
    data = handle.read()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for sheet_name in book.sheet_names:
            rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            sheets.append(Sheet(name=sheet_name, rows=[[None if v == "" else v for v in row] for row in rows]))
    except (zipfile.BadZipFile, ValueError, OSError, Exception) as exc:  # calamine raises its own error types
        raise ValidationError(f"Файл «{name}» повреждён или не является таблицей: {exc}") from exc
    return sheets


def read_spreadsheet(handle, *, name: str) -> list[Sheet]:
    kind = sniff_spreadsheet(handle, name)
    if kind == "csv":
        return _read_csv(handle, name)
    return _read_calamine(handle, name)

"""One entry point for every reader: a file in (TXT, DOCX, XLSX — told apart by content), a document out.

    document = read_document(file, name="Приказ 340.docx")   # ValidationError (Russian) on bad input
    core(document)                                           # what `import_order --dry-run --json` prints
"""
import io
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from core.academic_year import academic_year_of, academic_year_planned_on
from core.clock import local_today
from core.uploads import check_zip_safety

from .document import Place, academic_year_from_title
from .orders import read_order_part
from .read_docx import split_docx
from .read_text import decode, split_text
from .read_xlsx import column_letter, split_xlsx
from .table import TableReader, header_columns

SUPPORTED = "текст (TXT), Word (DOCX) или Excel (XLSX)"
_KNOWN_EXTENSIONS = {".txt": "txt", ".docx": "docx", ".xlsx": "xlsx", ".doc": "doc", ".xls": "xls", ".pdf": "pdf",
                     ".odt": "odt", ".ods": "ods", ".rtf": "rtf"}


def sniff_kind(file, *, name: str, max_bytes: int | None = None) -> str:
    """"txt", "docx" or "xlsx", by content; a Russian ValidationError for anything else."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    limit = max_bytes or settings.MAX_UPLOAD_BYTES
    if size == 0:
        raise ValidationError(f"Файл «{name}» пуст.")
    if size > limit:
        raise ValidationError(f"Файл «{name}» слишком большой ({filesizeformat(size)}); "
                              f"допустимо не более {filesizeformat(limit)}.")
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"PK\x03\x04"):
        names = set(check_zip_safety(file, name=name).namelist())
        file.seek(0)
        kind = "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else None
        if kind is None:
            raise ValidationError(f"Файл «{name}» — архив, но не документ Word или книга Excel. Нужен {SUPPORTED}.")
    elif head.startswith(b"%PDF"):
        raise ValidationError(f"Файл «{name}» — PDF: таблицу из него не прочитать. Загрузите {SUPPORTED}.")
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(f"Файл «{name}» в старом формате Word/Excel (DOC, XLS): сохраните его как DOCX или XLSX.")
    elif head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")):
        raise ValidationError(f"Файл «{name}» не является документом нужного типа: нужен {SUPPORTED}.")
    else:
        kind = "txt"
    extension = _KNOWN_EXTENSIONS.get(PurePath(name).suffix.lower())
    if extension and extension != kind:
        raise ValidationError(f"Расширение файла «{name}» не совпадает с содержимым (это {kind.upper()}). "
                              "Переименуйте файл и загрузите снова.")
    return kind


def read_document(file, *, name: str, max_bytes: int | None = None) -> dict:
    """The order with its roadmap (or a bare roadmap, or an order alone) read from ``file``."""
    kind = sniff_kind(file, name=name, max_bytes=max_bytes)
    if kind == "txt":
        parts = split_text(decode(file.read(), file_name=name), file_name=name)
        column_name = _column_number
    elif kind == "docx":
        parts = split_docx(file, file_name=name)
        column_name = _column_number
    else:
        parts = split_xlsx(file, file_name=name)
        column_name = column_letter
    return assemble(*parts, file_name=name, column_name=column_name)


def _column_number(index: int) -> str:
    return str(index + 1)


def assemble(above, header, rows, warnings, *, file_name: str, column_name) -> dict:
    part = read_order_part(above, file_name=file_name)
    warnings = part.warnings + list(warnings)
    order = part.order
    if header is None:
        if order is None:
            raise Place(file_name).error("нет ни приказа, ни таблицы дорожной карты (№ / Мероприятие / Срок / "
                                         "Ответственный исполнитель).")
        warnings.append(f"Файл «{file_name}»: таблицы дорожной карты нет — будет загружен только приказ.")
        return {"order": order, "roadmap": None, "warnings": warnings}
    columns = header_columns(header.cells)
    order_date = date.fromisoformat(order["date"]) if order and order.get("date") else None
    year = academic_year_from_title(part.roadmap_title) or (academic_year_planned_on(order_date) if order_date else None)
    reader = TableReader(file_name=file_name, column_name=column_name, academic_year=year, order_date=order_date)
    reader.check_columns(columns, header.label)
    items = reader.items(rows, columns)
    if not items:
        raise Place(file_name, header.label).error("под строкой заголовка нет ни одного мероприятия.")
    if year is None:
        year = _year_from_items(items)
        warnings.append(f"Файл «{file_name}»: учебный год не указан ни в названии дорожной карты, ни датой приказа; "
                        f"принят {year}–{year + 1} учебный год — проверьте сроки.")
        reader = TableReader(file_name=file_name, column_name=column_name, academic_year=year, order_date=None)
        reader.check_columns(columns, header.label)
        items = reader.items(rows, columns)
    title = part.roadmap_title
    if not title:
        title = f"Дорожная карта на {year}–{year + 1} учебный год"
        warnings.append(f"Файл «{file_name}»: название дорожной карты не найдено; принято «{title}».")
    roadmap = {"title": title, "academic_year": year, "items": items}
    return {"order": order, "roadmap": roadmap, "warnings": warnings + reader.warnings}


def _year_from_items(items: list[dict]) -> int:
    """The academic year of the earliest dated item; else the current one."""
    dates = sorted(date.fromisoformat(d) for item in items for d in (item["deadline"]["start"], item["deadline"]["end"])
                   if d)
    when = dates[0] if dates else local_today()
    return academic_year_of(when)

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

from .columns import ROLES, absorb_subheader, guess_header, header_columns, mapped_columns
from .document import Place, academic_year_from_title, plan_period
from .orders import read_order_part
from .read_docx import split_docx
from .read_text import decode, split_text
from .read_xlsx import column_letter, split_xlsx
from .table import TableReader


class ColumnsUnplaced(ValidationError):
    """The table's header names no column the importer knows: the officer says which column is which.

    ``headers`` are the texts of the row taken for the header, ``sample`` a few rows under it, ``letters`` the
    column names as the file shows them (A, B, ... in Excel; 1, 2, ... elsewhere).
    """

    def __init__(self, message: str, *, headers: list[str], sample: list[list[str]], letters: list[str]):
        super().__init__(message)
        self.headers, self.sample, self.letters = headers, sample, letters


def parse_columns(text: str, *, available: int | None = None) -> dict[str, int]:
    """«activity=2,deadline=3,responsible=4» (numbers from 1, or Excel letters) -> role -> cell index from 0."""
    from openpyxl.utils import column_index_from_string

    mapping: dict[str, int] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        role, _, where = part.partition("=")
        role, where = role.strip().lower(), where.strip()
        if role not in ROLES or role == "ignore":
            raise ValidationError(f"Неизвестная роль столбца «{role}»: допустимы "
                                  f"{', '.join(r for r in ROLES if r != 'ignore')}.")
        try:
            index = int(where) - 1 if where.isdigit() else column_index_from_string(where.upper()) - 1
        except ValueError:
            raise ValidationError(f"Столбец «{where}» для «{role}»: нужен номер (1, 2, ...) или буква (A, B, ...).") \
                from None
        if index < 0 or (available is not None and index >= available):
            raise ValidationError(f"Столбца {where} для «{role}» в таблице нет.")
        if index in mapping.values():
            raise ValidationError(f"Столбец {where} указан дважды.")
        mapping[role] = index
    if "activity" not in mapping:
        raise ValidationError("Укажите столбец мероприятия: activity=N.")
    return mapping

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


def read_document(file, *, name: str, max_bytes: int | None = None, columns: dict[str, int] | None = None) -> dict:
    """The order with its roadmap (or a bare roadmap, or an order alone) read from ``file``.

    ``columns`` (role -> cell index from 0) places the table's columns by hand when their headers are not
    recognized; without it such a table raises ColumnsUnplaced.
    """
    kind = sniff_kind(file, name=name, max_bytes=max_bytes)
    text = decode(file.read(), file_name=name) if kind == "txt" else None
    column_name = column_letter if kind == "xlsx" else _column_number

    def split(find_header):
        file.seek(0)
        if kind == "txt":
            return split_text(text, file_name=name, find_header=find_header)
        if kind == "docx":
            return split_docx(file, file_name=name, find_header=find_header)
        return split_xlsx(file, file_name=name, find_header=find_header)

    find_header = mapped_columns(columns) if columns else header_columns
    try:
        parts = split(find_header)
    except ValidationError as error:
        if columns is None and "не найдена строка заголовка" in " ".join(error.messages):
            raise _unplaced(split, name, column_name, error) from None
        raise
    if columns is None and parts[1] is None and read_order_part(parts[0], file_name=name).order is None:
        raise _unplaced(split, name, column_name, None)
    return assemble(*parts, file_name=name, column_name=column_name, find_header=find_header)


def _unplaced(split, name: str, column_name, error: ValidationError | None) -> ValidationError:
    try:
        _, header, rows, _ = split(guess_header)
    except ValidationError:
        header = None
    if header is None:
        return error or Place(name).error("нет ни приказа, ни таблицы дорожной карты (№ / Мероприятие / Срок / "
                                          "Ответственный исполнитель).")
    headers = [guess_header(header.cells).headers[i] for i in range(len(header.cells))]
    sample = [[str(c) if c is not None else "" for c in row.cells][:len(headers)] for row in rows[:3]]
    return ColumnsUnplaced(
        f"Файл «{name}», {header.label}: не найдена строка заголовка таблицы (№ / Мероприятие / Срок / Ответственный "
        "исполнитель) — укажите, какой столбец что содержит.",
        headers=headers, sample=sample, letters=[column_name(i) for i in range(len(headers))],
    )


def _column_number(index: int) -> str:
    return str(index + 1)


def assemble(above, header, rows, warnings, *, file_name: str, column_name, find_header=header_columns) -> dict:
    part = read_order_part(above, file_name=file_name)
    warnings = part.warnings + list(warnings)
    order = part.order
    if header is None:
        if order is None:
            raise Place(file_name).error("нет ни приказа, ни таблицы дорожной карты (№ / Мероприятие / Срок / "
                                         "Ответственный исполнитель).")
        warnings.append(f"Файл «{file_name}»: таблицы дорожной карты нет — будет загружен только приказ.")
        return {"order": order, "roadmap": None, "warnings": warnings}
    columns = find_header(header.cells)
    rows = absorb_subheader(rows, columns)
    order_date = date.fromisoformat(order["date"]) if order and order.get("date") else None
    # The document's own time, never today: its title's period, else the approving act's date.
    period = plan_period(part.roadmap_title, order_date)
    year = academic_year_from_title(part.roadmap_title) or (academic_year_planned_on(order_date) if order_date else None)

    def read(academic_year):
        reader = TableReader(file_name=file_name, column_name=column_name, academic_year=academic_year,
                             order_date=order_date, period=period)
        reader.check_columns(columns, header.label)
        return reader, reader.items(rows, columns)

    reader, items = read(year)
    if not items:
        raise Place(file_name, header.label).error("под строкой заголовка нет ни одного мероприятия.")
    if year is None and period is not None:  # filed under the academic year the plan's period opens in
        year = academic_year_of(period[0])
    elif year is None:
        year, dated = _year_from_items(items)
        warnings.append(f"Файл «{file_name}»: учебный год не указан ни в названии дорожной карты, ни датой приказа; "
                        f"принят {year}–{year + 1} учебный год — проверьте сроки.")
        if dated:  # the table's own dates place the phrases without a year; today never does
            reader, items = read(year)
    title = part.roadmap_title
    if not title:
        title = f"Дорожная карта на {year}–{year + 1} учебный год"
        warnings.append(f"Файл «{file_name}»: название дорожной карты не найдено; принято «{title}».")
    roadmap = {"title": title, "academic_year": year, "items": items}
    return {"order": order, "roadmap": roadmap, "warnings": warnings + reader.warnings}


def _year_from_items(items: list[dict]) -> tuple[int, bool]:
    """The academic year of the earliest dated item, and True; else the current one (only to file the roadmap
    under a year: no deadline is read from it), and False."""
    dates = sorted(date.fromisoformat(d) for item in items for d in (item["deadline"]["start"], item["deadline"]["end"])
                   if d)
    when = dates[0] if dates else local_today()
    return academic_year_of(when), bool(dates)

"""A roadmap sheet of an Excel workbook, read in streaming mode: the header row is found by its names."""
from datetime import date, datetime

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from .document import Place
from .orders import APPENDIX
from .table import MAX_ROWS, SourceRow, header_columns

HEADER_SEARCH_ROWS = 50
MAX_COLUMNS = 60
EMPTY_RUN_LIMIT = 500  # sheets formatted down to row 1 048 576 end long before it


def cell_value(value):
    """Spreadsheet values as the table reader wants them: text, or a date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def open_workbook(file, *, file_name: str):
    import openpyxl

    try:
        file.seek(0)
        return openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises KeyError, ValueError, XML errors... for a damaged file
        raise ValidationError(f"Файл «{file_name}» повреждён или не является книгой Excel: {error}.") from None


def sheet_rows(sheet, *, file_name: str, limit: int = MAX_ROWS):
    """(row number, values) of the non-empty rows; stops at a long run of empty rows."""
    empty = 0
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            cells = [cell_value(v) for v in values]
            if not any(c != "" for c in cells):
                empty += 1
                if empty > EMPTY_RUN_LIMIT:
                    return
                continue
            empty = 0
            if number > limit + HEADER_SEARCH_ROWS:
                raise Place(file_name, f"лист «{sheet.title}»").error(f"больше {limit} строк: файл слишком велик.")
            yield number, cells
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(f"Файл «{file_name}» повреждён: лист «{sheet.title}» не читается ({error}).") from None


def split_xlsx(file, *, file_name: str):
    """-> (lines above the table, header row, table rows, warnings); the first sheet with a roadmap header."""
    workbook = open_workbook(file, file_name=file_name)
    try:
        for sheet in workbook.worksheets:
            above, header, rows = [], None, []
            for number, cells in sheet_rows(sheet, file_name=file_name):
                label = f"лист «{sheet.title}», строка {number}" if len(workbook.worksheets) > 1 else f"строка {number}"
                if header is not None:
                    rows.append(SourceRow(cells, label))
                elif header_columns(cells):
                    header = SourceRow(cells, label)
                elif number > HEADER_SEARCH_ROWS:
                    break
                else:
                    text = " ".join(str(c) for c in dict.fromkeys(cells) if c != "")
                    above.append((text, label))
            if header is not None:
                # The first line above the header is the title; the rest (subtitle, «Приложение к ...») is not.
                titles = [(text, label) for text, label in above if not APPENDIX.match(text)]
                return titles[:1], header, rows, []
    finally:
        workbook.close()
    raise Place(file_name).error(
        "ни на одном листе не найдена строка заголовка (№ / Мероприятие / Срок / Ответственный исполнитель)."
    )


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)

"""A roadmap sheet of an Excel workbook, read in streaming mode: the header row is found by its names.

Streaming (read-only) mode does not give merged cells, so their ranges are read from the sheet's XML: a value
merged down over several rows (a deadline, a responsible party) belongs to every row it covers.
"""
from datetime import date, datetime
from xml.etree.ElementTree import iterparse

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from .document import Place
from openpyxl.utils.cell import range_boundaries

from .orders import APPENDIX, split_appendix
from .columns import header_columns
from .table import MAX_ROWS, SourceRow

MAX_MERGED_RANGES = 5000

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


def merged_ranges(sheet) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of each cell merged under another row -> (row, column) of its range's first cell.

    Only the range's first column is filled in the rows below: a value merged over several columns is read
    once per row.
    """
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    try:
        with sheet.parent._archive.open(sheet._worksheet_path) as source:
            count = 0
            for _, element in iterparse(source):
                if element.tag.endswith("}mergeCell") and element.get("ref"):
                    count += 1
                    if count > MAX_MERGED_RANGES:
                        break
                    min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                    if min_col <= MAX_COLUMNS:
                        for row in range(min_row + 1, min(max_row, min_row + MAX_ROWS) + 1):
                            covered[(row, min_col)] = (min_row, min_col)
                element.clear()
    except Exception:  # no merge information: the sheet is read as it stands
        return {}
    return covered


def split_xlsx(file, *, file_name: str, find_header=header_columns):
    """-> (lines above the table, header row, table rows, warnings); the first sheet with a roadmap header."""
    workbook = open_workbook(file, file_name=file_name)
    try:
        for sheet in workbook.worksheets:
            covered = merged_ranges(sheet)
            origins = set(covered.values())
            above, header, rows, values = [], None, [], {}
            for number, cells in sheet_rows(sheet, file_name=file_name):
                label = f"лист «{sheet.title}», строка {number}" if len(workbook.worksheets) > 1 else f"строка {number}"
                from_above = [False] * len(cells)
                for column, value in enumerate(cells, start=1):
                    if (number, column) in origins:
                        values[(number, column)] = value
                    origin = covered.get((number, column))
                    if origin is not None and value == "":
                        cells[column - 1] = values.get(origin, "")
                        from_above[column - 1] = True
                if header is not None:
                    rows.append(SourceRow(cells, label, tuple(from_above)))
                elif find_header(cells):
                    header = SourceRow(cells, label)
                elif number > HEADER_SEARCH_ROWS:
                    break
                else:
                    text = " ".join(str(c) for c in dict.fromkeys(cells) if c != "")
                    above.append((text, label))
            if header is not None:
                # The appendix header («Приложение N 1 / к постановлению ... / от ... N 6») names the approving
                # act; of the rest, the first line is the title (a subtitle is not).
                appendix, rest = split_appendix([text for text, _ in above])
                labels = dict(above)
                titles = [(text, labels[text]) for text in rest if text and not APPENDIX.match(text)]
                title = titles[:1]
                for text, label in titles[1:]:  # a title typed over several rows: «Дорожная карта» / «организации ...»
                    if not _continues_title(text):
                        break
                    title.append((text, label))
                lines = [(text, labels[text]) for text in appendix] + [("", "")] + title
                return lines, header, rows, []
    finally:
        workbook.close()
    raise Place(file_name).error(
        "ни на одном листе не найдена строка заголовка (№ / Мероприятие / Срок / Ответственный исполнитель)."
    )


def _continues_title(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.islower() or text.lstrip()[:1] in "(«\"“"


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)

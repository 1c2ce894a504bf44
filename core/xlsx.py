"""Excel reports, streamed: rows go to disk as they come, so memory stays flat at any size.

    write_xlsx(path_or_file, title="…", subtitle="…", columns=[Column("№", 6), …], rows=iterable)
    return xlsx_response(filename="Отчёт.xlsx", write=lambda f: write_xlsx(f, …))  # in a view

Every report looks the same: a title row (what), a subtitle row (for whom, as of when), a frozen header
row with autofilter, column widths, dates as real Excel dates shown dd.mm.yyyy, fills for states, and
text that begins with = + - @ stored as text, never as a formula.

``export_report`` finds report kinds here: an app registers its own in ``<app>/reports.py`` with
``register_report(ReportKind(...))``.
"""
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import RowDimension

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CELL_TEXT = 32767  # Excel's limit for one cell
FORMULA_START = ("=", "+", "-", "@")
LINE_HEIGHT = 15  # points per line of 11 pt text
MAX_ROW_HEIGHT = 409  # Excel's limit

# Fills for states, by meaning; reports map their state labels to these.
GREEN, YELLOW, RED, GREY, BLUE, ORANGE = "C6EFCE", "FFEB9C", "FFC7CE", "E7E6E6", "DDEBF7", "F8CBAD"
# A share (0..1) is green from 80 %, yellow from 50 %, red below: the one threshold of every report.
GOOD_RATE, FAIR_RATE = 0.8, 0.5


def rate_fill(value) -> str | None:
    """The fill of a share column (a float 0..1); anything else (a dash, a count) is left unfilled."""
    if not isinstance(value, float):
        return None
    return GREEN if value >= GOOD_RATE else YELLOW if value >= FAIR_RATE else RED

_NUMBER_FORMATS = {"date": "DD.MM.YYYY", "datetime": "DD.MM.YYYY HH:MM", "int": "0", "percent": "0%",
                   "number": "0.0"}
_KINDS = {"text", "wrap", *_NUMBER_FORMATS}
HEADER_ROW = 3


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    kind: str = "text"  # text (one line), wrap (long text), date, datetime, int, number, percent (0..1)
    fills: Mapping | Callable | None = None  # value -> fill colour (RRGGBB) or None

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


class _FastCell(Cell):
    """One cell object reused for every cell of the sheet, its style registered once.

    openpyxl's own path builds a cell per value and hashes its style on every write; for 40 000 × 16 cells
    that doubles the export time (see bench/bench_export.py).
    """

    __slots__ = ("_sid",)

    @property
    def style_id(self):
        return self._sid

    @property
    def has_style(self):
        return self._sid != 0


class _Styles:
    """Style ids of the workbook, one per (column, fill, quoted) combination, made on first use."""

    def __init__(self, sheet: WriteOnlyWorksheet):
        self.sheet = sheet
        self.cache: dict[tuple, int] = {}

    def get(self, *, kind: str = "text", fill: str | None = None, quoted: bool = False, font: Font | None = None,
            header: bool = False) -> int:
        key = (kind, fill, quoted, font, header)
        sid = self.cache.get(key)
        if sid is None:
            cell = Cell(self.sheet)
            if kind in _NUMBER_FORMATS:
                cell.number_format = _NUMBER_FORMATS[kind]
            wrap = kind == "wrap" or header
            cell.alignment = Alignment(vertical="center" if header else "top", wrap_text=wrap,
                                       horizontal="center" if header else None)
            if fill:
                cell.fill = PatternFill("solid", start_color="FF" + fill, end_color="FF" + fill)
            if font is not None:
                cell.font = font
            if header:
                thin = Side(style="thin", color="808080")
                cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if quoted:
                cell.quotePrefix = True
            sid = self.cache[key] = cell.style_id
        return sid


class _ReportSheet(WriteOnlyWorksheet):
    """A write-only sheet fed with rows of plain values, turned into styled cells on the way to disk."""

    def __init__(self, parent, title: str, columns: Sequence[Column]):
        super().__init__(parent, title)
        self.columns = list(columns)
        self.styles = _Styles(self)
        self.cell = _FastCell(self)
        self.cell._sid = 0
        self.row_styles: dict[int, int] = {}  # title rows: a fixed style for all their cells
        self.row_widths: dict[int, float] = {}  # title rows: text merged across the whole table width
        self.wrapped = [(index, column.width) for index, column in enumerate(self.columns) if column.kind == "wrap"]

    def _values_to_row(self, values, row_idx):
        # Spreadsheet programs do not size rows of wrapped text on opening a file: the height is set here,
        # before the row is written, and dropped after (memory stays flat).
        self.row_dimensions.pop(row_idx - 1, None)
        height = self._height(values, row_idx)
        if height > LINE_HEIGHT:
            self.row_dimensions[row_idx] = RowDimension(self, index=row_idx, ht=height, customHeight=True)
        return self._styled_cells(values, row_idx)

    def _height(self, values, row_idx: int) -> float:
        if row_idx in self.row_widths:
            wrapped = [(0, self.row_widths[row_idx])]
        elif row_idx == HEADER_ROW:
            wrapped = [(index, column.width) for index, column in enumerate(self.columns)]
        else:
            wrapped = self.wrapped
        lines = 1
        for index, width in wrapped:
            value = values[index] if index < len(values) else None
            if isinstance(value, str) and len(value) > width:
                per_line = max(width - 1.5, 1)
                lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in value.split("\n")))
        return min(lines * LINE_HEIGHT + 6, MAX_ROW_HEIGHT) if lines > 1 else LINE_HEIGHT

    def _styled_cells(self, values, row_idx):
        cell, columns, styles = self.cell, self.columns, self.styles
        fixed = self.row_styles.get(row_idx)
        cell.row = row_idx
        for col_idx, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            column = columns[col_idx - 1] if col_idx <= len(columns) else Column("")
            kind = type(value)
            quoted = False
            if kind is str:
                if not value.isprintable():
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                quoted = value[0] in FORMULA_START if value else False
                cell.data_type = "s"
                value = value[:MAX_CELL_TEXT]
            elif kind is bool:
                cell.data_type = "b"
            elif kind is int or kind is float:
                cell.data_type = "n"
            elif isinstance(value, (datetime, date)):
                if isinstance(value, datetime) and value.tzinfo is not None:
                    value = timezone.localtime(value).replace(tzinfo=None)
                cell.data_type = "d"
            elif isinstance(value, (int, float)) or hasattr(value, "as_integer_ratio"):
                cell.data_type = "n"
            else:
                value, cell.data_type = str(value)[:MAX_CELL_TEXT], "s"
            if fixed is not None:
                cell._sid = fixed
            else:
                fills = column.fills
                fill = (fills.get(value) if hasattr(fills, "get") else fills(value)) if fills is not None else None
                cell._sid = styles.get(kind=column.kind, fill=fill, quoted=quoted)
            cell._value = value
            cell.column = col_idx
            yield cell


def write_xlsx(target, *, title: str, columns: Sequence[Column], rows: Iterable[Sequence], subtitle: str = "",
               sheet_title: str = "Отчёт") -> int:
    """Write the report to ``target`` (a path or a binary file); returns the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = _ReportSheet(workbook, _sheet_title(sheet_title), columns)
    workbook._add_sheet(sheet)
    last = get_column_letter(max(len(columns), 1))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = HEADER_ROW
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.row_styles = {
        1: sheet.styles.get(kind="wrap", font=Font(bold=True, size=12)),
        2: sheet.styles.get(kind="wrap", font=Font(italic=True, color="595959")),
        header_row: sheet.styles.get(kind="wrap", fill=GREY, font=Font(bold=True), header=True),
    }
    table_width = sum(c.width for c in columns)
    sheet.row_widths = {1: table_width * 0.85, 2: table_width}  # the title's bigger font fits fewer letters
    for row in (1, 2):
        sheet.merged_cells.add(f"A{row}:{last}{row}")
    sheet.append([title])
    sheet.append([subtitle])
    sheet.append([c.header for c in columns])
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(count, 1)}"
    workbook.save(target)
    return count


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31] or "Отчёт"


def xlsx_response(*, filename: str, write: Callable[[BinaryIO], object]) -> FileResponse:
    """A report as a download: ``write(file)`` fills a temporary file (bounded memory), then it is streamed."""
    temporary = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        write(temporary)
    except BaseException:
        temporary.close()
        raise
    temporary.seek(0)
    return FileResponse(temporary, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def user_label(user) -> str:
    """Who a report was made for, for subtitles; the command line's «everything» user has no pk."""
    if user is None or getattr(user, "pk", None) is None:
        return "администратор (командная строка)"
    return user.get_full_name() or user.username


def as_of(moment: datetime | None = None) -> str:
    """«по состоянию на 12.05.2024 14:30 (Кемерово)» for subtitles."""
    moment = timezone.localtime(moment or timezone.now())
    return f"по состоянию на {moment:%d.%m.%Y %H:%M} (время кемеровское)"


# --- report kinds for `manage.py export_report` ---------------------------------------------


@dataclass(frozen=True)
class ReportKind:
    """One kind of report the command can write.

    ``add_arguments(parser)`` adds the kind's own options; ``write(user=…, target=…, options=…)`` writes the
    report to ``target`` for ``user``'s scope (an administrator's when no --user is given) and returns the
    number of rows; ``filename(options)`` is the default output name.
    """

    name: str
    label: str
    write: Callable[..., int]
    add_arguments: Callable | None = None
    filename: Callable[[dict], str] = field(default=lambda options: "report.xlsx")


_REPORT_KINDS: dict[str, ReportKind] = {}


def register_report(kind: ReportKind) -> ReportKind:
    _REPORT_KINDS[kind.name] = kind
    return kind


def report_kinds() -> dict[str, ReportKind]:
    """Every registered kind: each installed app's ``reports`` module is imported first."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("reports")
    return dict(sorted(_REPORT_KINDS.items()))

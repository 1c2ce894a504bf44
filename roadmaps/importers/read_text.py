"""Plain text as exported from Word (the seeds): paragraphs as lines, the table tab-separated (or drawn with
bars: «| 1. | Семинар | октябрь |»)."""
import re

from django.core.exceptions import ValidationError

from .document import Place
from .columns import header_columns
from .table import SourceRow


def decode(data: bytes, *, file_name: str) -> str:
    if b"\x00" in data[:4096]:
        raise ValidationError(f"Файл «{file_name}» не является текстовым документом.")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n\f")
        if controls > 8:
            break
        return text
    raise ValidationError(f"Файл «{file_name}» не является текстовым документом в кодировке UTF-8 или Windows-1251.")


_RULE_ONLY = re.compile(r"[\s\-—–─━═+|│┃┼├┤┌┐└┘┬┴]*")


def _pipes_to_tabs(line: str) -> str:
    """«| 1. | Семинар | октябрь | КОиН |» (a table drawn with bars) as a tab-separated row; rules become empty."""
    if "\t" in line or line.count("|") + line.count("│") < 2:
        return line
    cells = re.split(r"[|│┃]", line.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    cells = ["" if _RULE_ONLY.fullmatch(cell) else cell.strip() for cell in cells]
    return "\t".join(cells) if any(cells) else ""


def split_text(text: str, *, file_name: str, find_header=header_columns):
    """-> (lines above the table, header row or None, table rows, warnings)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_at = next((i for i, line in enumerate(lines) if "\t" in line and find_header(line.split("\t"))), None)
    if header_at is None and any(line.count("|") + line.count("│") >= 2 for line in lines):
        drawn = [_pipes_to_tabs(line) for line in lines]
        header_at = next((i for i, line in enumerate(drawn) if "\t" in line and find_header(line.split("\t"))), None)
        if header_at is not None:
            lines = drawn
    if header_at is None:
        if sum(1 for line in lines if line.count("\t") >= 2) >= 2:
            raise Place(file_name).error(
                "не найдена строка заголовка таблицы (№ / Мероприятие / Срок / Ответственный исполнитель)."
            )
        return [(line, f"строка {i + 1}") for i, line in enumerate(lines)], None, [], []
    above = [(line, f"строка {i + 1}") for i, line in enumerate(lines[:header_at])]
    header = SourceRow(lines[header_at].split("\t"), f"строка {header_at + 1}")
    columns = find_header(header.cells)
    activity_at = columns.roles.get("activity", 0)
    tabbed = [i for i, line in enumerate(lines) if "\t" in line and i > header_at]
    last_row = tabbed[-1] if tabbed else header_at
    rows, trailing, first_after = [], [], True
    for index in range(header_at + 1, len(lines)):
        line = lines[index]
        label = f"строка {index + 1}"
        if "\t" in line:
            rows.append(SourceRow(line.split("\t"), label))
        elif not line.strip():
            continue
        elif index < last_row or (first_after and line.strip()[:1].islower()):
            # A row's tail that lost its tabs at a page break: it continues the activity.
            cells = [""] * len(columns.headers)
            cells[activity_at] = line
            rows.append(SourceRow(cells, label))
            first_after = False
        else:
            trailing.append(label)
            first_after = False
    warnings = []
    if trailing:
        where = trailing[0] if len(trailing) == 1 else f"{trailing[0]}–{trailing[-1].split()[-1]}"
        warnings.append(f"Файл «{file_name}», {where}: текст после таблицы не загружается.")
    return above, header, rows, warnings

"""Word files: paragraphs give the order, tables give the roadmap.

A table broken into several tables over page breaks is read as one; merged cells are read as Word shows
them; automatic numbering («1.», «2.» that is not in the text) is restored.
"""
from django.core.exceptions import ValidationError

from .columns import header_columns
from .table import SourceRow

HEADER_SEARCH_ROWS = 6


class _Numbering:
    """Word's automatic list numbers, counted in document order."""

    def __init__(self):
        self.counters: dict[str, list[int]] = {}

    def prefix(self, paragraph_element) -> str:
        ppr = paragraph_element.pPr
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None or numpr.numId is None or numpr.numId.val in (0, None):
            return ""
        level = numpr.ilvl.val if numpr.ilvl is not None else 0
        counts = self.counters.setdefault(str(numpr.numId.val), [])
        del counts[level + 1:]
        while len(counts) <= level:
            counts.append(0)
        counts[level] += 1
        return ".".join(str(c) for c in counts[: level + 1]) + ". "


def _paragraph_text(paragraph, numbering: _Numbering) -> str:
    text = paragraph.text
    prefix = numbering.prefix(paragraph._p)
    stripped = text.lstrip()
    if prefix and not (stripped[:1].isdigit()):
        text = prefix + stripped
    return text


def _cell_text(tc, table, numbering: _Numbering) -> str:
    from docx.table import _Cell

    return "\n".join(_paragraph_text(p, numbering) for p in _Cell(tc, table).paragraphs).strip()


def _table_rows(table, number: int, numbering: _Numbering) -> list[SourceRow]:
    rows = []
    for row_index, tr in enumerate(table._tbl.tr_lst, start=1):
        cells, above = [""] * tr.grid_before, [False] * tr.grid_before
        for tc in tr.tc_lst:
            root, merged = tc, False
            while root.vMerge == "continue" and root._tc_above is not None:
                root, merged = root._tc_above, True
            # Text of a cell merged with the one above is Word's "same cell": read it again, do not re-number it.
            cells.append(_cell_text(root, table, _Numbering() if merged else numbering))
            above.append(merged)
            cells.extend([""] * (tc.grid_span - 1))
            above.extend([merged] * (tc.grid_span - 1))
        rows.append(SourceRow(cells, f"таблица {number}, строка {row_index}", tuple(above)))
    return rows


def split_docx(file, *, file_name: str, find_header=header_columns):
    """-> (lines above the roadmap table, header row or None, table rows, warnings)."""
    import docx

    try:
        document = docx.Document(file)
        content = list(document.iter_inner_content())
    except Exception as error:  # python-docx raises many kinds for a damaged part
        raise ValidationError(f"Файл «{file_name}» повреждён или не является документом Word: {error}.") from None
    numbering = _Numbering()
    above: list[tuple[str, str]] = []
    header, rows, after, warnings = None, [], [], []
    paragraph_no = table_no = 0
    for block in content:
        if block.__class__.__name__ == "Paragraph":
            paragraph_no += 1
            text = _paragraph_text(block, numbering)
            target = above if header is None else after
            for line in text.split("\n") if text else [""]:
                target.append((line, f"абзац {paragraph_no}"))
            continue
        table_no += 1
        table_rows = _table_rows(block, table_no, numbering)
        if header is None:
            found = next((i for i, r in enumerate(table_rows[:HEADER_SEARCH_ROWS]) if find_header(r.cells)), None)
            if found is None:
                for row in table_rows:  # a layout table of the blank (date | number), not the roadmap
                    above.extend((cell, row.label) for cell in dict.fromkeys(row.cells) if cell)
                continue
            above.extend((cell, r.label) for r in table_rows[:found] for cell in dict.fromkeys(r.cells) if cell)
            header, table_rows = table_rows[found], table_rows[found + 1:]
        elif table_rows and len(table_rows[0].cells) != len(header.cells) and not any(
                find_header(r.cells) for r in table_rows[:HEADER_SEARCH_ROWS]):
            # Not the roadmap going on after a page break (another width, no header): a signature block or such.
            warnings.append(f"Файл «{file_name}», таблица {table_no}: не похожа на продолжение дорожной карты "
                            "и не загружается.")
            continue
        rows.extend(table_rows)
        after = []  # text between parts of one table («Продолжение таблицы») is not content
    if header is not None and any(text.strip() for text, _ in after):
        first = next(label for text, label in after if text.strip())
        warnings.append(f"Файл «{file_name}», {first} и далее: текст после таблицы не загружается.")
    return above, header, rows, warnings

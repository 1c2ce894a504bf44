"""Test files in the formats the portal reads but no runtime code writes: XLS (Excel 97–2003) through xlwt, a
dev requirement (requirements-dev.txt). XLSX, ODS and CSV builders live in monitoring.vpr.samples."""
import io


def xls_bytes(rows: list[list], sheet: str = "Индивидуальные результаты") -> bytes:
    """An .xls (BIFF8) workbook: numbers as numbers, text as text, None as an empty cell."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    page = book.add_sheet(sheet[:31])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                page.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

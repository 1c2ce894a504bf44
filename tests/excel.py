"""Reading the Excel files the portal streams, for tests."""
import io

import openpyxl


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def download_sheet(client, url: str, params=None):
    """GET an export: 200, an attachment, its first sheet."""
    response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    return sheet_of(b"".join(response.streaming_content))


def data_rows(sheet, first_row: int = 4) -> list[list]:
    """The rows under a report's title, as-of line and header."""
    return [list(r) for r in sheet.iter_rows(min_row=first_row, values_only=True)]

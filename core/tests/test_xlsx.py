"""The shared Excel writer: layout every report gets, the formula guard, dates, fills, streaming download."""
import io
from datetime import date, datetime
from datetime import timezone as dt_timezone

import openpyxl
import pytest

from core.xlsx import GREEN, RED, Column, write_xlsx, xlsx_response

COLUMNS = [Column("№", 5), Column("Мероприятие", 40, "wrap"), Column("Срок", 12, "date"),
           Column("Статус", 14, fills={"Выполнено": GREEN, "Просрочено": RED}),
           Column("Доля", 8, "percent", fills=lambda v: RED if isinstance(v, float) and v < 0.5 else None)]


def _write(rows, columns=COLUMNS, **extra):
    buffer = io.BytesIO()
    count = write_xlsx(buffer, title=extra.pop("title", "Отчёт о проверке"), subtitle="для: проверка",
                       columns=columns, rows=rows, **extra)
    return count, openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active


def test_layout_title_header_frozen_filter_widths():
    count, sheet = _write([[1, "Первое", date(2022, 10, 1), "Выполнено", 0.25]] * 3, sheet_title="Лист: 1/2")
    assert count == 3
    assert (sheet["A1"].value, sheet["A2"].value) == ("Отчёт о проверке", "для: проверка")
    assert sheet["A1"].font.b and {str(r) for r in sheet.merged_cells.ranges} == {"A1:E1", "A2:E2"}
    assert [c.value for c in sheet[3]] == ["№", "Мероприятие", "Срок", "Статус", "Доля"]
    assert sheet["A3"].font.b and sheet["A3"].fill.fgColor.rgb == "FFE7E6E6"
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:E6"
    assert sheet.print_title_rows == "$3:$3"
    assert [sheet.column_dimensions[c].width for c in "ABCDE"] == [5, 40, 12, 14, 8]
    assert sheet.title == "Лист  1 2"


@pytest.mark.parametrize("text", ["=1+2", "+79001234567", "-10", "@SUM(A1)", "=HYPERLINK(\"http://evil\",\"x\")"])
def test_text_starting_like_a_formula_is_stored_as_text(text):
    _, sheet = _write([[text, text]])
    for cell in sheet[4][:2]:
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_plain_text_has_no_quote_prefix_and_control_characters_are_dropped():
    _, sheet = _write([["Обычный текст", "строка\x07 с\x00 мусором\nи переносом"]])
    assert sheet["A4"].quotePrefix is False
    assert sheet["B4"].value == "строка с мусором\nи переносом"


def test_dates_are_real_excel_dates_shown_dd_mm_yyyy():
    moment = datetime(2022, 10, 1, 3, 30, tzinfo=dt_timezone.utc)  # 10:30 in Kemerovo
    columns = [Column("Дата", 12, "date"), Column("Изменено", 16, "datetime")]
    _, sheet = _write([[date(2022, 10, 1), moment]], columns=columns)
    day, changed = sheet["A4"], sheet["B4"]
    assert day.is_date and day.value.date() == date(2022, 10, 1) and day.number_format == "DD.MM.YYYY"
    assert changed.value == datetime(2022, 10, 1, 10, 30) and changed.number_format == "DD.MM.YYYY HH:MM"


def test_fills_by_value_mapping_and_function():
    _, sheet = _write([[1, "", None, "Выполнено", 0.9], [2, "", None, "Просрочено", 0.1], [3, "", None, "Иное", 0.7]])
    assert [sheet[f"D{r}"].fill.fgColor.rgb for r in (4, 5)] == ["FFC6EFCE", "FFFFC7CE"]
    assert sheet["D6"].fill.fill_type is None
    assert sheet["E5"].fill.fgColor.rgb == "FFFFC7CE" and sheet["E4"].fill.fill_type is None
    assert sheet["E4"].number_format == "0%"


def test_wrapped_text_gets_a_row_height_and_short_rows_do_not():
    _, sheet = _write([[1, "слово " * 60, None, "", None], [2, "коротко", None, "", None]])
    assert sheet.row_dimensions[4].height > 45
    assert sheet.row_dimensions[5].height is None


def test_long_text_is_cut_at_excels_limit_and_odd_values_become_text():
    class Thing:
        def __str__(self):
            return "вещь"

    _, sheet = _write([[1, "я" * 40000, None, Thing(), None], [True, None, None, None, None]])
    assert len(sheet["B4"].value) == 32767
    assert sheet["D4"].value == "вещь"
    assert sheet["A5"].value is True


def test_no_rows_still_a_valid_report():
    count, sheet = _write([])
    assert count == 0 and sheet.auto_filter.ref == "A3:E4"


def test_unknown_column_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        Column("x", kind="money")


@pytest.mark.django_db  # closing a response sends request_finished, which touches the connection
def test_response_streams_a_temporary_file():
    response = xlsx_response(filename="Отчёт — проверка.xlsx",
                             write=lambda target: write_xlsx(target, title="T", columns=COLUMNS, rows=[[1]]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"] and "filename*=utf-8''" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert openpyxl.load_workbook(io.BytesIO(data)).active["A4"].value == 1
    response.close()


def test_writer_failure_does_not_leak_the_temporary_file():
    def broken(target):
        raise RuntimeError("сбой")

    with pytest.raises(RuntimeError):
        xlsx_response(filename="x.xlsx", write=broken)

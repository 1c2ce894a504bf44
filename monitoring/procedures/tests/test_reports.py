"""Excel exports of a schedule's breaches and of the schools' summary: readable, scoped, Russian headers."""
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _sheet(response):
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)).active


def test_breaches_export(client, world, schedules):
    client.force_login(world.home.officer)
    response = client.get(reverse("procedures:schedule_export", args=[schedules.home.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = _sheet(response)
    assert [c.value for c in sheet[3]][:3] == ["Школа", "Правило", "Класс"]
    reasons = [row[5] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert len(reasons) == 2 and any("2,5 недели" in r for r in reasons)


def test_summary_export_is_scoped(client, world, schedules):
    client.force_login(world.home.officer)
    sheet = _sheet(client.get(reverse("procedures:schedules_export") + "?year=2022"))
    schools = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert set(schools) == {world.home.school.short_name, world.home.other_school.short_name}
    assert schools[world.home.school.short_name][2:] == ("да", 3, 2)


def test_export_report_command(tmp_path, world, schedules):
    target = tmp_path / "out.xlsx"
    call_command("export_report", "procedure_schedules", "--output", str(target), "--academic-year", "2022",
                 "--only-breaches")
    rows = list(load_workbook(target).active.iter_rows(min_row=4, values_only=True))
    assert {r[1] for r in rows} == {world.home.school.short_name, world.away.school.short_name}

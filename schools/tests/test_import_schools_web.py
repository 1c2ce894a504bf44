"""Schools import in the portal: upload → preview with every row's fate → confirm; scope; nothing half-written."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import School
from tests.imports import confirm, run_queued_tasks, upload

pytestmark = pytest.mark.django_db
HEADER = ["Муниципалитет", "Полное наименование", "Краткое наименование", "Руководитель", "Сайт",
          "Электронная почта"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(rows, name="школы.xlsx"):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


def _rows(world):
    home = world.home.municipality.short_name
    return [
        [home, "Муниципальное бюджетное общеобразовательное учреждение «Новая СОШ»", "МБОУ «Новая СОШ»", "", "", ""],
        [home, world.home.school.full_name, world.home.school.short_name, "Иванова И. И.", "", ""],
        [home, world.home.other_school.full_name, world.home.other_school.short_name, "", "", ""],
    ]


def _preview(client, rows):
    """Upload, let the worker read it: (the job, its preview page)."""
    return upload(client, reverse("schools:schools_import"), {"file": _upload(rows)})


def test_preview_then_confirm(client, world):
    client.force_login(world.home.officer)
    job, response = _preview(client, _rows(world))
    assert response.status_code == 200 and job.state == "preview"
    html = response.content.decode()
    assert [r["action"] for r in job.preview["rows"]] == ["created", "changed", "unchanged"]
    assert "будет создано: 1" in html and "изменена (руководитель)" in html and "без изменений" in html
    assert "Записать (2)" in html
    assert not School.objects.filter(short_name="МБОУ «Новая СОШ»").exists()  # nothing written yet
    done = confirm(client, job).content.decode()
    assert job.state == "done" and "Школы загружены: создано 1, изменено 1" in done
    assert School.objects.filter(short_name="МБОУ «Новая СОШ»", municipality=world.home.municipality).exists()
    world.home.school.refresh_from_db()
    assert world.home.school.head_name == "Иванова И. И."
    client.post(reverse("jobs:import_confirm", args=[job.pk]))  # once
    assert run_queued_tasks() == 0


def test_refused_row_blocks_everything(client, world):
    client.force_login(world.home.officer)
    rows = _rows(world) + [[world.away.municipality.short_name, "Чужая школа", "Чужая", "", "", ""]]
    job, response = _preview(client, rows)
    html = response.content.decode()
    assert "нет прав на школы муниципалитета" in html and 'id="import-confirm"' not in html
    refused = client.post(reverse("jobs:import_confirm", args=[job.pk]), follow=True)
    assert "нечего загружать" in refused.content.decode() and run_queued_tasks() == 0
    assert not School.objects.filter(short_name__in=["МБОУ «Новая СОШ»", "Чужая"]).exists()


def test_changed_meanwhile_shows_the_new_preview(client, world):
    client.force_login(world.home.officer)
    job, _ = _preview(client, _rows(world))
    School.objects.create(municipality=world.home.municipality, short_name="МБОУ «Новая СОШ»", full_name="Другая")
    page = confirm(client, job).content.decode()
    assert job.state == "preview" and "изменились" in page
    assert [r["action"] for r in job.preview["rows"]][0] == "changed"
    assert School.objects.get(short_name="МБОУ «Новая СОШ»").full_name == "Другая"


@pytest.mark.parametrize(("content", "name"), [(b"not a workbook", "школы.xlsx"), (b"%PDF-1.4 x", "школы.pdf")])
def test_bad_files_are_refused_in_russian(client, world, content, name):
    client.force_login(world.home.officer)
    response = client.post(reverse("schools:schools_import"),
                           {"file": SimpleUploadedFile(name, content, content_type=XLSX_TYPE)})
    assert response.status_code == 400
    assert "файл" in response.content.decode().lower()


def test_heads_regional_and_strangers_are_refused(client, world):
    client.force_login(world.home.officer)
    job, _ = _preview(client, _rows(world))
    for user in (world.home.head, world.regional):
        client.force_login(user)
        assert client.get(reverse("schools:schools_import")).status_code == 403
    client.force_login(world.away.officer)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:import_confirm", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:import_cancel", args=[job.pk])).status_code == 404


def test_cancel_writes_nothing(client, world):
    client.force_login(world.home.officer)
    job, _ = _preview(client, _rows(world))
    response = client.post(reverse("jobs:import_cancel", args=[job.pk]))
    assert response.status_code == 302 and response.url == reverse("schools:schools_import")
    assert run_queued_tasks() == 0 and not School.objects.filter(short_name="МБОУ «Новая СОШ»").exists()


def test_preview_queries_do_not_grow_with_rows(client, world):
    client.force_login(world.home.officer)
    home = world.home.municipality.short_name

    def count(n: int) -> int:
        rows = [[home, f"Школа {i}", f"Школа {i}", "", "", ""] for i in range(n)]
        job, _ = _preview(client, rows)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
        return len(ctx)

    assert count(5) == count(60)


def test_the_schools_history_names_who_imported_them(client, world):
    """The worker writes without a request: the history rows used to say «Кто: —»; now the uploader, by name.
    A row changed earlier by no one (a fixture, a command without --user) keeps «—»."""
    from tests.factories import world_for_admin

    world = world_for_admin(world)
    world.home.officer.first_name, world.home.officer.last_name = "Ольга", "Павловец"
    world.home.officer.save()
    school = world.home.school
    school.history.update(history_user=None)
    client.force_login(world.home.officer)
    job, _ = _preview(client, _rows(world))
    confirm(client, job)
    created = School.objects.get(short_name="МБОУ «Новая СОШ»")
    assert created.history.get().history_user == world.home.officer
    assert school.history.latest().history_user == world.home.officer
    assert school.history.earliest().history_user is None
    page = client.get(reverse("admin:schools_school_history", args=[school.pk])).content.decode()
    body = page.split('id="change-history"')[1].split("</table>")[0]
    cells = [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", body, re.S)]
    authors = cells[2::4]
    assert "Павловец" in authors[0] and authors[-1] == "—"

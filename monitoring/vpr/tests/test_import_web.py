"""The upload page: file → preview with every warning → confirm (or cancel); bad files get a Russian message."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.vpr.models import VprImport, VprResult
from monitoring.vpr.samples import fis_rows, xlsx_bytes

from .conftest import small_schools

pytestmark = pytest.mark.django_db
META = {"year": 2026, "subject": "Русский язык", "grade": 4}


def _file(rows=None, name="Индивидуальные результаты.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows or fis_rows(**META, schools=small_schools())))


def _with_away_school():
    schools = small_schools()
    schools[2]["login"] = "sch420003"  # the away school
    return schools


def test_upload_preview_confirm(client, logins):
    client.force_login(logins.home.officer)
    response = client.post(reverse("vpr:import"), {"file": _file(fis_rows(**META, schools=_with_away_school()))})
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "вне вашего муниципалитета" in content
    assert "Отсутствовавших учеников" in content
    assert not VprResult.objects.exists()  # nothing written before confirming
    token = preview.context["token"]
    done = client.post(reverse("vpr:import_confirm", args=[token]))
    assert done.status_code == 302 and reverse("vpr:comparison") in done.url
    assert VprResult.objects.filter(school=logins.home.school).count() == 4
    assert not VprResult.objects.filter(school=logins.away.school).exists()  # outside the officer's municipality
    assert VprImport.objects.get().user == logins.home.officer
    assert client.post(reverse("vpr:import_confirm", args=[token])).status_code == 404  # once only


def test_cancel_writes_nothing(client, logins):
    client.force_login(logins.home.officer)
    response = client.post(reverse("vpr:import"), {"file": _file()})
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert client.post(reverse("vpr:import_cancel", args=[token])).status_code == 302
    assert not VprResult.objects.exists()
    assert client.get(reverse("vpr:import_preview", args=[token])).status_code == 404


def test_another_users_preview_is_404(client, logins):
    client.force_login(logins.home.officer)
    response = client.post(reverse("vpr:import"), {"file": _file()})
    client.force_login(logins.admin)
    assert client.get(response.url).status_code == 404


def test_bad_file_shows_the_cell(client, logins):
    rows = fis_rows(**META, schools=small_schools())
    rows[7][6] = "два"
    client.force_login(logins.home.officer)
    response = client.post(reverse("vpr:import"), {"file": _file(rows, "bad.xlsx")})
    assert response.status_code == 400
    assert "Файл «bad.xlsx», лист «Индивидуальные результаты», строка 8, столбец «1 (2б)» (G)" in response.content.decode()


def test_not_a_spreadsheet(client, logins):
    client.force_login(logins.home.officer)
    response = client.post(reverse("vpr:import"), {"file": SimpleUploadedFile("x.xlsx", b"%PDF-1.4 not a table")})
    assert response.status_code == 400
    assert "не найдена строка заголовков" in response.content.decode() or "не является" in response.content.decode()


def test_raw_dump_needs_the_scale_on_the_form(client, logins):
    from monitoring.vpr.samples import csv_bytes, raw_dump_rows

    client.force_login(logins.home.officer)
    data = csv_bytes(raw_dump_rows(schools=small_schools()))
    response = client.post(reverse("vpr:import"), {"file": SimpleUploadedFile("dump.csv", data)})
    assert response.status_code == 400 and "не удалось определить год, предмет, класс" in response.content.decode()
    response = client.post(reverse("vpr:import"), {"file": SimpleUploadedFile("ВПР 2021 Математика 5 класс.csv", data)})
    assert response.status_code == 400 and "шкалу перевода" in response.content.decode()
    response = client.post(reverse("vpr:import"), {
        "file": SimpleUploadedFile("dump.csv", data), "scale": "0-6:2,7-11:3,12-17:4,18-24:5",
        "year": 2021, "subject": "Математика", "grade": 5})
    assert response.status_code == 302
    assert "ВПР 2021 Математика 5 класс" in client.get(response.url).content.decode()


def test_abandoned_previews_are_swept_after_a_day(client, logins, settings):
    import os
    import time
    from pathlib import Path

    staging = Path(settings.MEDIA_ROOT) / "vpr-imports"
    staging.mkdir(parents=True)
    old = staging / "old.xlsx"
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    client.force_login(logins.home.officer)
    client.post(reverse("vpr:import"), {"file": _file()})
    assert not old.exists() and len(list(staging.iterdir())) == 1

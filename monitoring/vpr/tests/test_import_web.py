"""The upload page: file → read on the worker → preview with every warning → confirm (or cancel) → written on the
worker; bad files get a Russian message."""
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.jobs.models import BackgroundJob
from monitoring.vpr.models import VprImport, VprResult
from monitoring.vpr.samples import fis_rows, xlsx_bytes
from tests.imports import confirm, upload

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
    job, preview = upload(client, reverse("vpr:import"), {"file": _file(fis_rows(**META, schools=_with_away_school()))})
    assert preview.status_code == 200 and job.state == "preview"
    content = preview.content.decode()
    assert "вне вашего муниципалитета" in content
    assert "Отсутствовавших учеников" in content
    assert (job.done, job.total) == (7, 7)  # participants read, of the file's
    assert not VprResult.objects.exists()  # nothing written before confirming
    done = confirm(client, job)
    assert job.state == "done" and "Загружено: ВПР 2026 Русский язык 4 класс" in done.content.decode()
    assert job.result_url.startswith(reverse("vpr:comparison")) and job.result_url in done.content.decode()
    assert VprResult.objects.filter(school=logins.home.school).count() == 4
    assert not VprResult.objects.filter(school=logins.away.school).exists()  # outside the officer's municipality
    assert VprImport.objects.get().user == logins.home.officer
    assert not job.upload  # the file is gone once written
    again = client.post(reverse("jobs:import_confirm", args=[job.pk]), follow=True)  # once only
    assert "уже подтверждена" in again.content.decode() and VprImport.objects.count() == 1


def test_cancel_writes_nothing(client, logins):
    client.force_login(logins.home.officer)
    job, _ = upload(client, reverse("vpr:import"), {"file": _file()})
    stored = job.upload.path
    response = client.post(reverse("jobs:import_cancel", args=[job.pk]))
    assert response.status_code == 302 and response.url == reverse("vpr:import")
    job.refresh_from_db()
    assert job.state == "cancelled" and not VprResult.objects.exists()
    import os

    assert not os.path.exists(stored)
    assert client.post(reverse("jobs:import_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.state == "cancelled"


@pytest.mark.parametrize("who", ["admin", "away", "head"])
def test_another_users_preview_is_404(client, logins, who):
    client.force_login(logins.home.officer)
    job, _ = upload(client, reverse("vpr:import"), {"file": _file()})
    client.force_login({"admin": logins.admin, "away": logins.away.officer, "head": logins.home.head}[who])
    for name in ("jobs:detail", "jobs:status"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    for name in ("jobs:import_confirm", "jobs:import_cancel"):
        assert client.post(reverse(name, args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == "preview"


def test_the_uploader_out_of_scope_loses_the_preview(client, logins):
    client.force_login(logins.home.officer)
    job, _ = upload(client, reverse("vpr:import"), {"file": _file()})
    profile = logins.home.officer.profile
    profile.role = "school_head"
    profile.school = logins.home.school
    profile.save()
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404


def test_bad_file_shows_the_cell(client, logins):
    rows = fis_rows(**META, schools=small_schools())
    rows[7][6] = "два"
    client.force_login(logins.home.officer)
    job, page = upload(client, reverse("vpr:import"), {"file": _file(rows, "bad.xlsx")})
    assert job.state == "failed" and not job.upload
    assert "Файл «bad.xlsx», лист «Индивидуальные результаты», строка 8, столбец «1 (2б)» (G)" in page.content.decode()
    assert reverse("vpr:import") in page.content.decode()  # «Загрузить другой файл»


def test_not_a_spreadsheet(client, logins):
    client.force_login(logins.home.officer)
    response = client.post(reverse("vpr:import"), {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not a zip")})
    assert response.status_code == 400 and "повреждён" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_raw_dump_needs_the_scale_on_the_form(client, logins):
    from monitoring.vpr.samples import csv_bytes, raw_dump_rows

    client.force_login(logins.home.officer)
    data = csv_bytes(raw_dump_rows(schools=small_schools()))
    job, page = upload(client, reverse("vpr:import"), {"file": SimpleUploadedFile("dump.csv", data)})
    assert job.state == "failed" and "не удалось определить год, предмет, класс" in page.content.decode()
    job, page = upload(client, reverse("vpr:import"), {"file": SimpleUploadedFile("ВПР 2021 Математика 5 класс.csv", data)})
    assert job.state == "failed" and "шкалу перевода" in page.content.decode()
    job, page = upload(client, reverse("vpr:import"), {
        "file": SimpleUploadedFile("dump.csv", data), "scale": "0-6:2,7-11:3,12-17:4,18-24:5",
        "year": 2021, "subject": "Математика", "grade": 5})
    assert job.state == "preview" and "ВПР 2021 Математика 5 класс" in page.content.decode()


def test_abandoned_uploads_are_swept_after_a_day(client, logins):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(logins.home.officer)
    old, _ = upload(client, reverse("vpr:import"), {"file": _file()})
    path = old.upload.path
    BackgroundJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    recent, _ = upload(client, reverse("vpr:import"), {"file": _file()})
    import os

    assert not BackgroundJob.objects.filter(pk=old.pk).exists() and not os.path.exists(path)
    assert BackgroundJob.objects.filter(pk=recent.pk, state="preview").exists()


def test_above_the_cap_is_refused_in_russian(client, logins, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(logins.home.officer)
    big = SimpleUploadedFile("big.csv", b"x" * (3 * 1024 * 1024))
    response = client.post(reverse("vpr:import"), {"file": big})
    assert response.status_code == 413
    assert "слишком большой (3,0\xa0МБ); загрузить можно файл не более 1,0\xa0МБ" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_a_file_over_the_old_20_mb_cap_is_read(client, logins):
    """25 MB: a real results sheet with a large picture inside the workbook (as exported files sometimes carry)."""
    import io
    import os
    import zipfile

    buffer = io.BytesIO(xlsx_bytes(fis_rows(**META, schools=small_schools())))
    with zipfile.ZipFile(buffer, "a") as book:
        book.writestr(zipfile.ZipInfo("xl/media/image1.png"), os.urandom(25 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) > 25 * 1024 * 1024
    client.force_login(logins.home.officer)
    job, page = upload(client, reverse("vpr:import"), {"file": SimpleUploadedFile("Большой файл.xlsx", data)})
    assert job.state == "preview", job.error
    assert job.upload.size == len(data) and "Большой файл.xlsx" in page.content.decode()


def test_confirm_writes_what_was_read_without_reading_the_file_again(client, logins, monkeypatch):
    """The preview's reading is kept beside the upload (signed, stamped with the file's SHA-256 and parameters);
    the confirm writes it without a second parse, and it goes with the file."""
    import monitoring.vpr.import_flow as flow

    client.force_login(logins.home.officer)
    job, _ = upload(client, reverse("vpr:import"), {"file": _file()})
    storage, kept = job.upload.storage, job.upload.name + ".kept"
    assert storage.exists(kept)

    def no_second_reading(*args, **kwargs):
        raise AssertionError("the file was read a second time")

    monkeypatch.setattr(flow, "parse_file", no_second_reading)
    done = confirm(client, job)
    assert job.state == "done" and "Загружено: ВПР 2026 Русский язык 4 класс" in done.content.decode()
    assert VprResult.objects.filter(school=logins.home.school).count() == 4
    assert not job.upload and not storage.exists(kept)


@pytest.mark.parametrize("spoil", ["signature", "parameters"])
def test_a_kept_reading_that_does_not_match_is_not_trusted(client, logins, monkeypatch, spoil):
    """Tampered with, or made for other parameters: the file is read again (and written the same)."""
    import monitoring.vpr.import_flow as flow

    client.force_login(logins.home.officer)
    job, _ = upload(client, reverse("vpr:import"), {"file": _file()})
    storage, kept = job.upload.storage, job.upload.name + ".kept"
    if spoil == "signature":
        with storage.open(kept, "rb") as handle:
            content = bytearray(handle.read())
        content[-5] ^= 1
        storage.delete(kept)
        storage.save(kept, ContentFile(bytes(content)))
    else:
        BackgroundJob.objects.filter(pk=job.pk).update(params={**job.params, "reparsed": True})  # as after a new reading
    readings = []
    original = flow.parse_file
    monkeypatch.setattr(flow, "parse_file", lambda *a, **k: readings.append(1) or original(*a, **k))
    confirm(client, job)
    assert job.state == "done" and readings == [1]
    assert VprResult.objects.filter(school=logins.home.school).count() == 4

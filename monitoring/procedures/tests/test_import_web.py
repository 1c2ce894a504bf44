"""Upload → read on the worker → mapping / preview → confirm → written on the worker, in the portal: a familiar
layout, an unfamiliar one, bad input."""
from datetime import date

import pytest
from django.urls import reverse

from monitoring.procedures.choices import Rule
from monitoring.procedures.models import HistoryEntry, Procedure, Schedule, SubjectHours
from tests.imports import confirm, run_queued_tasks, upload

from .conftest import HOURS, STANDARD, UNFAMILIAR, xlsx_upload

pytestmark = pytest.mark.django_db


def _upload(client, school, file, year=2022):
    """(the job, its preview page) once the worker has read the file."""
    job, page = upload(client, reverse("procedures:schedule_upload"),
                       {"school": school.pk, "academic_year": year, "file": file})
    assert job is not None and job.state == "preview", page.content.decode()[:2000]
    return job, page


def test_familiar_headers_import_without_mapping(client, world):
    client.force_login(world.home.head)
    job, preview = _upload(client, world.home.school, xlsx_upload(STANDARD, hours=HOURS))
    assert preview.status_code == 200
    assert preview.context["preview"].ok and len(preview.context["preview"].rows) == 5
    assert Schedule.objects.count() == 0  # nothing written before confirmation
    done = confirm(client, job)
    schedule = Schedule.objects.get(school=world.home.school, academic_year=2022)
    assert job.state == "done" and job.result_url == reverse("procedures:schedule_detail", args=[schedule.pk])
    assert "График загружен: строк — 5, нарушений — 2." in done.content.decode()
    assert schedule.procedures.count() == 5
    assert SubjectHours.objects.filter(schedule=schedule).count() == 3
    rules = sorted(schedule.breaches.values_list("rule", flat=True))
    assert rules == sorted([Rule.FREQUENCY, Rule.PER_DAY])
    history = HistoryEntry.objects.get(schedule=schedule)
    assert "График.xlsx" in history.text and history.author == world.home.head
    page = client.get(job.result_url)
    assert "через 10 дн." in page.content.decode()


def test_unfamiliar_layout_imports_through_the_mapping(client, world):
    client.force_login(world.home.officer)
    job, preview = _upload(client, world.home.school, xlsx_upload(UNFAMILIAR, name="ОП_5кл.xlsx"))
    assert "Класс или параллель" in " ".join(preview.context["preview"].missing)
    assert 'id="import-confirm"' not in preview.content.decode()
    refused = client.post(reverse("jobs:import_confirm", args=[job.pk]), follow=True)
    assert "нечего загружать" in refused.content.decode() and run_queued_tasks() == 0
    assert not Schedule.objects.exists()
    mapped = client.post(reverse("procedures:schedule_mapping", args=[job.pk]), {
        "sheet": 0, "header_row": 1, "col_class": 0, "col_subject": 1, "col_date": 2, "col_lesson": 3,
        "col_level": 4, "col_form": 5,
    })
    assert mapped.status_code == 302 and mapped["Location"] == reverse("jobs:detail", args=[job.pk])
    preview = client.get(mapped["Location"])
    assert preview.context["preview"].ok and len(preview.context["preview"].rows) == 3
    assert "контрольная работа <span class=\"small-muted\">(«КР»)</span>" in preview.content.decode()
    job.refresh_from_db()
    confirm(client, job)
    schedule = Schedule.objects.get(school=world.home.school)
    first = schedule.procedures.order_by("date", "lesson").first()
    assert (first.parallel, first.letter, first.subject, first.date, first.lesson) == (5, "А", "Математика",
                                                                                        date(2022, 10, 10), 3)
    assert schedule.breach_count == 2


def test_a_bad_mapping_is_refused_on_the_preview(client, world):
    client.force_login(world.home.officer)
    job, _ = _upload(client, world.home.school, xlsx_upload(UNFAMILIAR, name="ОП_5кл.xlsx"))
    response = client.post(reverse("procedures:schedule_mapping", args=[job.pk]), {"sheet": 0, "header_row": 99})
    assert response.status_code == 400 and "Убедитесь, что это значение меньше либо равно 25" in response.content.decode()


def test_a_bad_row_refuses_the_whole_file_in_russian(client, world):
    client.force_login(world.home.head)
    rows = STANDARD + [["5А", "Биология", "32.13.2022", 3, "школьная", "контрольная работа"],
                       ["5Я", "История", "01.10.2022", 3, "межпланетная", "контрольная работа"]]
    job, preview = _upload(client, world.home.school, xlsx_upload(rows))
    assert "Строка 9: Дата «32.13.2022» не распознана" in preview.content.decode()
    assert "Строка 10: Уровень «межпланетная» не распознан" in preview.content.decode()
    client.post(reverse("jobs:import_confirm", args=[job.pk]))
    assert run_queued_tasks() == 0 and not Procedure.objects.exists()


def test_a_date_outside_the_year_is_refused(client, world):
    client.force_login(world.home.head)
    job, _ = _upload(client, world.home.school, xlsx_upload(STANDARD), year=2023)
    page = confirm(client, job)
    assert job.state == "preview" and "вне 2023–2024 учебного года" in page.content.decode()
    assert not Schedule.objects.filter(procedures__isnull=False).exists()


@pytest.mark.parametrize("content, name, message", [
    (b"%PDF-1.4\n", "график.xlsx", "не является документом допустимого типа"),
    (b"", "график.xlsx", "пуст"),
    (b"PK\x03\x04broken", "график.xlsx", "повреждён"),
])
def test_not_a_spreadsheet_is_refused(client, world, content, name, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.home.head)
    response = client.post(reverse("procedures:schedule_upload"), {
        "school": world.home.school.pk, "academic_year": 2022, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_new_upload_replaces_the_schedule(client, world):
    client.force_login(world.home.head)
    for rows in (STANDARD, STANDARD[:4]):
        job, _ = _upload(client, world.home.school, xlsx_upload(rows))
        confirm(client, job)
        assert job.state == "done"
    schedule = Schedule.objects.get(school=world.home.school)
    assert schedule.procedures.count() == 1 and schedule.breach_count == 0
    assert "заменены прежние 5" in schedule.history.order_by("-id").first().text


def test_head_cannot_upload_for_another_school(client, world):
    client.force_login(world.home.head)
    response = client.post(reverse("procedures:schedule_upload"), {
        "school": world.home.other_school.pk, "academic_year": 2022, "file": xlsx_upload(STANDARD)})
    assert response.status_code == 400  # not among the choices
    assert not Schedule.objects.exists()


def test_another_users_pending_upload_is_404(client, world):
    client.force_login(world.home.head)
    job, _ = _upload(client, world.home.school, xlsx_upload(STANDARD))
    for user in (world.home.officer, world.away.head):
        client.force_login(user)
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        assert client.post(reverse("jobs:import_confirm", args=[job.pk])).status_code == 404
        assert client.post(reverse("procedures:schedule_mapping", args=[job.pk]), {}).status_code == 404


def test_times_and_odd_cells_survive_the_stored_preview(client, world):
    from datetime import time

    client.force_login(world.home.head)
    rows = STANDARD + [["7А", "Физика", date(2022, 11, 10), time(9, 30), "школьная", "контрольная работа"]]
    _, preview = _upload(client, world.home.school, xlsx_upload(rows))
    assert "Строка 9: Номер урока «09:30:00» не распознан" in preview.content.decode()

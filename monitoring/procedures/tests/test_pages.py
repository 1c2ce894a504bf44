"""Pages with bad input answer in Russian and write nothing; an observation reaches the school's cabinet;
the regional summary counts per municipality."""
from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import TaskEvent
from monitoring.procedures.choices import EventKind
from monitoring.procedures.models import EventMaterial, Observation, ProfessionalEvent, SubjectHours
from monitoring.procedures.services import event_save
from tests.imports import confirm, run_queued_tasks, upload

from .conftest import xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data, message", [
    ({"parallel": 12, "subject": "Математика", "hours": 34}, "Убедитесь, что это значение меньше либо равно 11"),
    ({"parallel": 5, "subject": "", "hours": 34}, "Обязательное поле"),
    ({"parallel": 5, "subject": "Математика", "hours": 500}, "меньше либо равно 400"),
])
def test_hours_bad_input(client, world, schedules, data, message):
    client.force_login(world.home.head)
    response = client.post(reverse("procedures:hours_set", args=[schedules.home.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not SubjectHours.objects.exists()


@pytest.mark.parametrize("data, message", [
    ({"class_label": "13В", "subject": "Физика", "day": "10.10.2022", "level": "school", "form": "control"},
     "Класс не распознан"),
    ({"class_label": "7А", "subject": "Физика", "day": "10.10.2024", "level": "school", "form": "control"},
     "вне 2022–2023 учебного года"),
    ({"class_label": "7А", "subject": "Физика", "day": "32.10.2022", "level": "school", "form": "control"},
     "Введите правильную дату"),
])
def test_row_bad_input(client, world, schedules, data, message):
    client.force_login(world.home.officer)
    before = schedules.sibling.procedures.count()
    response = client.post(reverse("procedures:procedure_add", args=[schedules.sibling.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert schedules.sibling.procedures.count() == before


def test_observation_through_the_page_reaches_the_cabinet(client, world, schedules, pdf):
    client.force_login(world.home.officer)
    procedure = schedules.home.procedures.order_by("date").first()
    response = client.post(reverse("procedures:observation_create") + f"?school={world.home.school.pk}", {
        "school": world.home.school.pk, "day": "10.10.2022", "item": world.home.item.pk, "procedure": procedure.pk,
        "observers": "Павловец О.М.", "findings": "Работа начата на 15 минут позже.", "protocol": pdf(),
        "to_task": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    observation = Observation.objects.get()
    assert observation.procedure == procedure and observation.task_id
    client.force_login(world.home.head)
    cabinet = client.get(reverse("monitoring:cabinet")).content.decode()
    assert "Работа начата на 15 минут позже." in cabinet
    assert client.get(reverse("procedures:observation_protocol", args=[observation.pk])).status_code == 200


def test_observation_refuses_another_schools_procedure(client, world, schedules):
    client.force_login(world.home.officer)
    other = schedules.sibling.procedures.first()
    response = client.post(reverse("procedures:observation_create"), {
        "school": world.home.school.pk, "day": "10.10.2022", "procedure": other.pk, "observers": "Павловец О.М."})
    assert response.status_code == 400
    assert not Observation.objects.exists() and not TaskEvent.objects.exists()


def test_event_bad_input_and_history(client, world):
    client.force_login(world.home.officer)
    data = {"municipality": world.home.municipality.pk, "kind": EventKind.WEBINAR, "title": "Вебинар",
            "date_start": "10.10.2022", "date_end": "01.10.2022"}
    response = client.post(reverse("procedures:event_create"), data)
    assert response.status_code == 400 and "Окончание раньше начала" in response.content.decode()
    assert not ProfessionalEvent.objects.exists()
    data["date_end"] = ""
    response = client.post(reverse("procedures:event_create"), data)
    event = ProfessionalEvent.objects.get()
    assert response.status_code == 302 and event.history.count() == 1


def test_material_needs_a_real_file_or_a_link(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.SEMINAR,
                       title="Семинар", date_start=date(2022, 10, 3))
    client.force_login(world.home.officer)
    url = reverse("procedures:material_add", args=[event.pk])
    response = client.post(url, {"title": "Презентация"})
    assert response.status_code == 400 and "Приложите файл или укажите ссылку" in response.content.decode()
    fake = SimpleUploadedFile("презентация.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(url, {"title": "Презентация", "file": fake})
    assert response.status_code == 400 and "проверено по содержимому" in response.content.decode()
    assert not EventMaterial.objects.exists()


def test_attendance_upload_all_or_nothing(client, world):
    event = event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.COURSE,
                       title="Курсы", date_start=date(2022, 10, 3))
    client.force_login(world.home.officer)
    url = reverse("procedures:attendance_import", args=[event.pk])
    rows = [["ФИО", "Должность", "ОО"], ["Иванова А.П.", "директор", world.home.school.short_name],
            ["Петров П.П.", "учитель", "МБОУ «Школа на Луне»"]]
    job, page = upload(client, url, {"file": xlsx_upload(rows, name="Список.xlsx")})
    assert job.state == "preview" and "Строка 3: школа «МБОУ «Школа на Луне»» не найдена" in page.content.decode()
    assert 'id="import-confirm"' not in page.content.decode()
    client.post(reverse("jobs:import_confirm", args=[job.pk]))
    assert run_queued_tasks() == 0 and not event.participants.exists()
    job, page = upload(client, url, {"file": xlsx_upload(rows[:2], name="Список.xlsx")})
    assert "Иванова А.П." in page.content.decode() and not event.participants.exists()
    done = confirm(client, job)
    assert "Из списка добавлено участников: 1." in done.content.decode() and event.participants.count() == 1
    assert job.result_url == reverse("procedures:event_detail", args=[event.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("Список.xlsx", b"%PDF-1.4 not a table")})
    assert response.status_code == 400 and "проверено по содержимому" in response.content.decode()


def test_regional_summary_per_municipality(client, world, schedules):
    client.force_login(world.regional)
    response = client.get(reverse("procedures:schedule_list") + "?year=2022")
    rows = {m.short_name: (m.n_schools, m.n_loaded, m.n_with_breaches) for m in response.context["municipalities"]}
    assert rows[world.home.municipality.short_name] == (2, 2, 1)
    assert rows[world.away.municipality.short_name] == (2, 1, 1)
    client.force_login(world.home.officer)
    assert client.get(reverse("procedures:schedule_list") + "?year=2022").context["municipalities"] is None


def test_items_list_shows_n_of_m(client, world):
    from monitoring.procedures.services import participants_add
    from monitoring.procedures.services.events import NewParticipant

    for title in ("Курсы", "Семинар"):  # two events of one item: a school counts once
        event = event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.COURSE,
                           title=title, date_start=date(2022, 10, 3), items=[world.home.item])
        participants_add(event=event, user=world.home.officer,
                         people=[NewParticipant(world.home.school, "Иванова А.П."),
                                 NewParticipant(world.home.school, "Петров П.П.")])
    client.force_login(world.home.officer)
    items = list(client.get(reverse("procedures:event_list")).context["items"])
    assert [(i.pk, i.n_took_part, i.n_schools) for i in items] == [(world.home.item.pk, 1, 2)]


def test_observations_per_school_and_per_item(client, world):
    from monitoring.procedures.services import observation_record

    for school, item in ((world.home.school, world.home.item), (world.home.other_school, None)):
        observation_record(user=world.home.officer, school=school, day=date(2022, 10, 20), item=item,
                           procedure_text=f"КР в {school.short_name}", observers="Павловец О.М.")
    client.force_login(world.home.officer)
    url = reverse("procedures:observation_list")
    by_school = client.get(url + f"?school={world.home.other_school.pk}").context["page"]
    assert [o.school for o in by_school] == [world.home.other_school]
    by_item = client.get(url + f"?item={world.home.item.pk}").context["page"]
    assert [o.school for o in by_item] == [world.home.school]
    away = client.get(url + f"?item={world.away.item.pk}")
    assert away.context["filter_item"] is None and list(away.context["page"]) == []

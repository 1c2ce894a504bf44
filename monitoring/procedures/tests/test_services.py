"""Services: the checker stores what it finds, hand edits re-check, observations reach the school's task,
participants are all or nothing."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring.models import SchoolTask, TaskEvent
from monitoring.procedures.choices import EventKind, Rule
from monitoring.procedures.importer import read_attendance, read_workbook
from monitoring.procedures.models import HistoryEntry, Participant, ScheduleBreach
from monitoring.procedures.services import (
    event_save,
    observation_record,
    participants_add,
    procedure_add,
    schedule_settings_set,
    subject_hours_set,
)
from monitoring.procedures.services.events import NewParticipant
from roadmaps.status import Status

from .conftest import xlsx_upload

pytestmark = pytest.mark.django_db


def test_breaches_are_stored_with_their_rows(schedules):
    breaches = {b.rule: b for b in ScheduleBreach.objects.filter(schedule=schedules.home)}
    assert set(breaches) == {Rule.FREQUENCY, Rule.PER_DAY}
    assert breaches[Rule.FREQUENCY].procedures.count() == 2
    assert breaches[Rule.PER_DAY].procedures.count() == 2
    assert schedules.home.breach_count == 2 and schedules.sibling.breach_count == 0


def test_hours_make_the_share_rule_bite_and_removing_them_lifts_it(world, schedules):
    schedule = schedules.sibling  # 7А physics: two works
    subject_hours_set(schedule=schedule, user=world.home.officer, parallel=7, subject="физика ", hours=19)
    schedule.refresh_from_db()
    assert list(schedule.breaches.values_list("rule", flat=True)) == [Rule.SHARE]
    subject_hours_set(schedule=schedule, user=world.home.officer, parallel=7, subject="Физика", hours=20)
    schedule.refresh_from_db()
    assert schedule.breach_count == 0  # 2 of 20 h = 10 %
    assert HistoryEntry.objects.filter(schedule=schedule, kind=HistoryEntry.Kind.HOURS_CHANGED).count() == 2


def test_hand_added_row_is_checked(world, schedules):
    procedure_add(schedule=schedules.sibling, user=world.home.other_head, parallel=7, letter="А", subject="Физика",
                  day=date(2022, 10, 20), lesson=1, level="school", form="control")
    schedules.sibling.refresh_from_db()
    assert sorted(schedules.sibling.breaches.values_list("rule", flat=True)) == sorted([Rule.FREQUENCY, Rule.EDGE_LESSON])


def test_last_lesson_setting_rechecks(world, schedules):
    procedure_add(schedule=schedules.sibling, user=world.home.officer, parallel=7, letter="А", subject="Физика",
                  day=date(2022, 12, 20), lesson=6, level="school", form="control")
    schedules.sibling.refresh_from_db()
    assert schedules.sibling.breach_count == 1
    schedule_settings_set(schedule=schedules.sibling, user=world.home.officer, last_lesson_primary=5,
                          last_lesson_senior=7)
    schedules.sibling.refresh_from_db()
    assert schedules.sibling.breach_count == 0


def test_a_row_outside_the_year_is_refused(world, schedules):
    with pytest.raises(ValidationError, match="вне 2022–2023 учебного года"):
        procedure_add(schedule=schedules.sibling, user=world.home.officer, parallel=7, letter="А", subject="Физика",
                      day=date(2023, 9, 2), lesson=3, level="school", form="control")


@pytest.mark.parametrize("who", ["regional", "away_officer", "other_head"])
def test_outsiders_cannot_change_a_schedule(world, schedules, who):
    user = {"regional": world.regional, "away_officer": world.away.officer, "other_head": world.home.other_head}[who]
    with pytest.raises(PermissionDenied):
        subject_hours_set(schedule=schedules.home, user=user, parallel=5, subject="Математика", hours=170)


def test_observation_with_findings_becomes_a_remark_on_the_schools_task(world, pdf):
    item = world.home.item
    observation = observation_record(
        user=world.home.officer, school=world.home.school, day=date(2022, 10, 20), item=item,
        procedure_text="Контрольная работа по математике, 5А", observers="Павловец О.М.",
        findings="Работа проведена на 1-м уроке; учащиеся пользовались телефонами.", protocol=pdf())
    task = SchoolTask.objects.get(school=world.home.school, item=item)
    assert observation.task == task and task.status == Status.NOT_STARTED
    event = TaskEvent.objects.filter(task=task).latest("id")
    assert event.kind == TaskEvent.Kind.REMARK
    assert "телефонами" in event.comment and event.author == world.home.officer
    assert observation.file_name == "протокол.pdf" and observation.protocol
    kinds = set(HistoryEntry.objects.filter(observation=observation).values_list("kind", flat=True))
    assert kinds == {HistoryEntry.Kind.OBSERVATION, HistoryEntry.Kind.OBSERVATION_TASK}


def test_findings_reopen_a_done_task(world):
    from monitoring.services import school_task_set_status, school_tasks_sync

    school_tasks_sync()
    task = SchoolTask.objects.get(school=world.home.school, item=world.home.item)
    school_task_set_status(task=task, user=world.home.head, status=Status.DONE, expected_version=task.version,
                           comment="Сделано")
    observation_record(user=world.home.officer, school=world.home.school, day=date(2022, 10, 20),
                       item=world.home.item, procedure_text="КР", observers="Павловец О.М.", findings="Нарушение")
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS and task.done_at is None
    assert list(task.events.order_by("id").values_list("kind", flat=True)) == [
        TaskEvent.Kind.STATUS, TaskEvent.Kind.STATUS, TaskEvent.Kind.REMARK]


def test_observation_without_findings_leaves_tasks_alone(world):
    observation_record(user=world.home.officer, school=world.home.school, day=date(2022, 10, 20),
                       item=world.home.item, procedure_text="ВПР, 5 класс", observers="Павловец О.М.")
    assert not TaskEvent.objects.exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"observers": ""}, "Укажите наблюдателей"),
    ({"procedure_text": ""}, "Выберите процедуру"),
    ({"day": date(2099, 1, 1)}, "не может быть позже"),
])
def test_observation_bad_input(world, kwargs, message):
    data = {"user": world.home.officer, "school": world.home.school, "day": date(2022, 10, 20),
            "procedure_text": "КР", "observers": "Павловец О.М.", **kwargs}
    with pytest.raises(ValidationError, match=message):
        observation_record(**data)


def test_observation_refused_to_head_and_other_municipality(world):
    for user, school in ((world.home.head, world.home.school), (world.away.officer, world.home.school)):
        with pytest.raises(PermissionDenied):
            observation_record(user=user, school=school, day=date(2022, 10, 20), procedure_text="КР", observers="Я")


@pytest.fixture
def event(world):
    return event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.COURSE,
                      title="Формирование ВСОКО", date_start=date(2022, 10, 3), date_end=date(2022, 10, 14),
                      items=[world.home.item])


def test_participants_are_all_or_nothing(world, event):
    people = [NewParticipant(world.home.school, "Иванова Анна Петровна", "директор"),
              NewParticipant(world.home.school, "Иванова  Анна Петровна", "заместитель")]
    with pytest.raises(ValidationError, match="дважды"):
        participants_add(event=event, user=world.home.officer, people=people)
    assert not Participant.objects.exists()
    participants_add(event=event, user=world.home.officer, people=people[:1])
    with pytest.raises(ValidationError, match="Уже в списке"):
        participants_add(event=event, user=world.home.officer, people=people[1:])


def test_head_adds_only_own_school(world, event):
    participants_add(event=event, user=world.home.head,
                     people=[NewParticipant(world.home.school, "Петров П.П.", "учитель")])
    with pytest.raises(PermissionDenied):
        participants_add(event=event, user=world.home.head,
                         people=[NewParticipant(world.home.other_school, "Сидоров С.С.")])
    with pytest.raises(PermissionDenied):
        participants_add(event=event, user=world.away.head, people=[NewParticipant(world.away.school, "Чужой Ч.Ч.")])


def test_event_refuses_other_municipality_item(world):
    with pytest.raises(ValidationError, match="другого муниципалитета"):
        event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.SEMINAR,
                   title="Семинар", date_start=date(2022, 10, 3), items=[world.away.item])
    with pytest.raises(ValidationError, match="Окончание раньше начала"):
        event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.SEMINAR,
                   title="Семинар", date_start=date(2022, 10, 3), date_end=date(2022, 10, 1))


ATTENDANCE_CASES = [
    # (name, rows after the header, people read, errors)
    ("names as in the portal", [["Иванова А.П.", "директор", "{home}"]], 1, []),
    ("quotes and spaces differ", [["Иванова А.П.", "директор", "{home_loose}"]], 1, []),
    ("unknown school", [["Иванова А.П.", "директор", "МБОУ «Школа на Луне»"]], 0, ["не найдена"]),
    ("no name", [["", "директор", "{home}"]], 0, ["не указано ФИО"]),
    ("another municipality's school", [["Иванова А.П.", "директор", "{away}"]], 0, ["не найдена"]),
]


@pytest.mark.parametrize("name, rows, people, errors", ATTENDANCE_CASES, ids=[c[0] for c in ATTENDANCE_CASES])
def test_attendance_list(world, name, rows, people, errors):
    from schools.models import School

    names = {"home": world.home.school.short_name, "away": world.away.school.short_name,
             "home_loose": world.home.school.short_name.replace("«", '"').replace("»", '"').replace(" ", "  ")}
    sheet = [["Список слушателей курсов"], ["ФИО", "Должность", "ОО"]] + [
        [cell.format(**names) for cell in row] for row in rows]
    read, problems = read_attendance(read_workbook(xlsx_upload(sheet)),
                                     School.objects.filter(municipality=world.home.municipality))
    assert len(read) == people
    for fragment in errors:
        assert any(fragment in p for p in problems)


def test_workbooks_are_read_under_the_import_cap_not_the_evidence_cap(settings):
    """Schedules and attendance lists are imports: IMPORT_MAX_UPLOAD_BYTES limits them, not the 20 MB evidence cap."""
    settings.MAX_UPLOAD_BYTES = 1024  # any workbook is larger than this
    assert read_workbook(xlsx_upload([["Класс", "Предмет"], ["5А", "Математика"]]))["sheets"][0]["rows"]
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError):
        read_workbook(xlsx_upload([["Класс", "Предмет"], ["5А", "Математика"]]))

"""school_task_set_status / school_task_extend: scope, optimistic lock, done date, evidence, events."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.clock import local_today
from core.concurrency import EditConflict
from monitoring.models import SchoolTask, TaskEvent
from monitoring.services import school_task_extend, school_task_set_status
from roadmaps.status import Status

pytestmark = pytest.mark.django_db


def _set_status(task, user, status, *, version: int, **more):
    return school_task_set_status(task=task, user=user, status=status, expected_version=version, **more)


@pytest.fixture
def task(synced_world):
    return SchoolTask.objects.filter(school=synced_world.home.school).order_by("pk").first()


def test_head_marks_done_with_evidence(synced_world, task, pdf_file):
    event = _set_status(task, synced_world.home.head, Status.DONE, version=1, comment="Положение о ВСОКО размещено",
                        evidence_file=pdf_file(), done_on=date(2022, 10, 20))
    task.refresh_from_db()
    assert (task.status, task.done_at, task.version) == (Status.DONE, date(2022, 10, 20), 2)
    assert (event.kind, event.from_value, event.to_value, event.author) == (
        TaskEvent.Kind.STATUS,
        Status.NOT_STARTED,
        Status.DONE,
        synced_world.home.head,
    )
    assert event.evidence_name == "приказ.pdf" and event.evidence_content_type == "application/pdf"
    assert event.evidence_file.name.startswith("task-evidence/") and "приказ" not in event.evidence_file.name


def test_done_date_defaults_to_today(synced_world, task):
    _set_status(task, synced_world.home.head, Status.DONE, version=1,
                evidence_url="https://school.example.ru/sveden/document")
    task.refresh_from_db()
    assert task.done_at == local_today()


def test_leaving_done_clears_the_date_and_officer_comment_is_a_remark(synced_world, task):
    _set_status(task, synced_world.home.head, Status.DONE, version=1, comment="Готово")
    remark = _set_status(task, synced_world.home.officer, Status.IN_PROGRESS, version=2,
                         comment="В положении нет раздела об оценке условий")
    task.refresh_from_db()
    assert (task.status, task.done_at) == (Status.IN_PROGRESS, None)
    assert remark.kind == TaskEvent.Kind.STATUS
    again = _set_status(task, synced_world.home.officer, Status.IN_PROGRESS, version=3, comment="Жду новую редакцию")
    answer = _set_status(task, synced_world.home.head, Status.IN_PROGRESS, version=4, comment="Исправим до пятницы")
    assert (again.kind, answer.kind) == (TaskEvent.Kind.REMARK, TaskEvent.Kind.COMMENT)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"status": Status.DONE}, "добавьте комментарий или подтверждение"),
        ({"status": Status.NOT_STARTED}, "Статус не изменился"),
        ({"status": "finished"}, "Неизвестный статус"),
        ({"status": Status.CANCELLED, "comment": "Не нужно"}, "только специалист муниципалитета"),
        (
            {"status": Status.DONE, "comment": "Готово", "done_on": local_today() + timedelta(days=1)},
            "позже сегодняшней",
        ),
    ],
)
def test_refused_input_changes_nothing(synced_world, task, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        school_task_set_status(task=task, user=synced_world.home.head, expected_version=1, **kwargs)
    task.refresh_from_db()
    assert (task.status, task.version, task.events.count()) == (Status.NOT_STARTED, 1, 0)


def test_bad_evidence_is_refused_by_content(synced_world, task):
    fake = SimpleUploadedFile("акт.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="проверено по содержимому"):
        _set_status(task, synced_world.home.head, Status.DONE, version=1, evidence_file=fake)
    assert not TaskEvent.objects.exists()


def test_stale_version_is_a_conflict(synced_world, task):
    _set_status(task, synced_world.home.officer, Status.IN_PROGRESS, version=1)
    with pytest.raises(EditConflict):
        _set_status(task, synced_world.home.head, Status.DONE, version=1, comment="Готово")
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS


@pytest.mark.parametrize("who", ["other_head", "away_officer", "away_head", "regional"])
def test_outside_scope_is_refused(synced_world, task, who):
    user = {
        "other_head": synced_world.home.other_head,
        "away_officer": synced_world.away.officer,
        "away_head": synced_world.away.head,
        "regional": synced_world.regional,
    }[who]
    with pytest.raises(PermissionDenied):
        _set_status(task, user, Status.IN_PROGRESS, version=1, comment="x")
    assert not task.events.exists()


@pytest.mark.parametrize("who", ["municipal", "admin"])
def test_officer_and_admin_may_change(synced_world, task, who):
    _set_status(task, synced_world.user(who), Status.CANCELLED, version=1, comment="Школа реорганизована")
    task.refresh_from_db()
    assert task.status == Status.CANCELLED


def test_extend(synced_world, task):
    event = school_task_extend(
        task=task,
        user=synced_world.home.officer,
        due_date=date(2022, 12, 1),
        expected_version=1,
        comment="Продлено письмом от 28.10.2022",
    )
    task.refresh_from_db()
    assert (task.due_date, task.due_date_extended, task.version) == (date(2022, 12, 1), True, 2)
    assert (event.from_value, event.to_value) == ("31.10.2022", "01.12.2022")
    with pytest.raises(PermissionDenied):
        school_task_extend(
            task=task, user=synced_world.home.head, due_date=date(2023, 1, 1), expected_version=2, comment="Хочу позже"
        )
    with pytest.raises(ValidationError):
        school_task_extend(
            task=task, user=synced_world.home.officer, due_date=date(2023, 1, 1), expected_version=2, comment=" "
        )

"""send_reminders: who gets what and when; idempotent per task, kind and day; Russian text with dd.mm.yyyy."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from monitoring.models import ReminderLog, SchoolTask
from roadmaps.status import Status
from schools.models import Official

pytestmark = pytest.mark.django_db

DUE = date(2022, 10, 31)


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://vsoko.example.ru/"


@pytest.fixture
def people(synced_world):
    w = synced_world
    w.home.school.email = "school1@example.ru"
    w.home.school.save()
    w.home.head.email = "Director@Example.ru"
    w.home.head.save()
    official = Official.objects.get(roadmap_items=w.home.item)
    official.email = "pavlovets@uo.example.ru"
    official.save()
    # only the home side has addresses: the away side must not produce letters
    return w


def _run(day: date, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.parametrize(
    "day, days_before, expected_kinds",
    [
        (date(2022, 10, 23), 7, set()),  # 8 days before: too early
        (date(2022, 10, 24), 7, {"due_soon"}),  # exactly 7 days before
        (date(2022, 10, 31), 7, {"due_soon"}),  # on the due day
        (date(2022, 11, 1), 7, {"overdue"}),  # the day after
        (date(2022, 10, 28), 3, {"due_soon"}),
        (date(2022, 10, 27), 3, set()),
    ],
)
def test_when_reminders_go(people, day, days_before, expected_kinds):
    _run(day, "--days-before", str(days_before))
    kinds = set(
        ReminderLog.objects.filter(task__school__municipality=people.home.municipality).values_list("kind", flat=True)
    )
    assert kinds == expected_kinds
    assert bool(mail.outbox) is bool(expected_kinds)


def test_letters_recipients_and_text(people):
    output = _run(date(2022, 11, 1))
    head_letters = _to("director@example.ru")
    assert len(head_letters) == 1 and len(_to("school1@example.ru")) == 1
    body = head_letters[0].body
    assert "просроченные" in head_letters[0].subject
    assert people.home.school.full_name in body
    assert "Срок по документу: «Октябрь 2022 г.»; срок для школы: 31.10.2022" in body
    task = SchoolTask.objects.filter(school=people.home.school).order_by("pk").first()
    assert f"https://vsoko.example.ru/monitoring/tasks/{task.pk}/" in body
    assert "https://vsoko.example.ru/monitoring/cabinet/" in body
    official = _to("pavlovets@uo.example.ru")
    assert len(official) == 1
    assert "не выполнено в ОО (2)" in official[0].body and people.home.other_school.short_name in official[0].body
    assert "Отправлено писем: 3" in output


def test_idempotent_same_day_and_weekly_repeat_when_overdue(people):
    _run(date(2022, 11, 1))
    sent = len(mail.outbox)
    assert sent == 3
    _run(date(2022, 11, 1))
    assert len(mail.outbox) == sent, "no second letter on the same day"
    _run(date(2022, 11, 5))
    assert len(mail.outbox) == sent, "overdue reminders repeat weekly, not daily"
    _run(date(2022, 11, 8))
    assert len(mail.outbox) == 2 * sent


def test_due_soon_once_per_due_date(people):
    _run(date(2022, 10, 25))
    _run(date(2022, 10, 26))
    assert len(_to("director@example.ru")) == 1
    SchoolTask.objects.filter(school=people.home.school).update(due_date=date(2022, 10, 30))
    _run(date(2022, 10, 27))
    assert len(_to("director@example.ru")) == 2, "a moved deadline gets its own reminder"


def test_done_and_cancelled_tasks_are_not_reminded(people):
    SchoolTask.objects.filter(school=people.home.school).update(status=Status.DONE, done_at=date(2022, 10, 30))
    SchoolTask.objects.filter(school=people.home.other_school).update(status=Status.CANCELLED)
    _run(date(2022, 11, 1))
    assert mail.outbox == [] or all(m.to != ["director@example.ru"] for m in mail.outbox)
    assert not ReminderLog.objects.filter(task__school__municipality=people.home.municipality).exists()


def test_dry_run_sends_and_logs_nothing(people):
    output = _run(date(2022, 11, 1), "--dry-run")
    assert "Будет отправлено писем: 3" in output and "director@example.ru" in output
    assert mail.outbox == [] and not ReminderLog.objects.exists()


def test_failed_sending_leaves_no_log(people, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP недоступен")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with pytest.raises(ConnectionRefusedError):
        _run(date(2022, 11, 1))
    assert not ReminderLog.objects.exists(), "tomorrow's run must retry"


@pytest.mark.parametrize("args", [["--date", "01.11.2022"], ["--days-before", "-1"]])
def test_bad_arguments(people, args):
    with pytest.raises(CommandError):
        call_command("send_reminders", *args)

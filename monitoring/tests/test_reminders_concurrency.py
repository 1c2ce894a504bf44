"""Two send_reminders started at the same moment never both send a letter.

Both runs are made to read the same candidates before either writes anything (a barrier right after the
candidate query) — the race that a "skip what is already logged" check alone cannot win. Then:
- PostgreSQL: both runs claim at once; the unique (task, kind, day) index makes the second wait and insert nothing;
- SQLite (one writer at a time; the in-memory test database would refuse two writers outright): the runs claim
  one after the other, each with its stale candidate list.
Every reminder goes out exactly once, and the log names exactly one run per reminder.
"""
import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connection, connections

from monitoring.models import ReminderLog
from monitoring.services import reminders as service

pytestmark = pytest.mark.django_db(transaction=True)

OVERDUE_DAY = date(2022, 11, 1)  # the demo world's items fall due on 31.10.2022


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def addressed_world(synced_world):
    w = synced_world
    for side in (w.home, w.away):
        side.school.email = f"school-{side.school.pk}@example.ru"
        side.school.save()
        side.other_school.email = f"school-{side.other_school.pk}@example.ru"
        side.other_school.save()
    return w


def _race(monkeypatch, runs: int = 2) -> tuple[list, list]:
    serial = connection.vendor == "sqlite"
    barrier = threading.Barrier(runs, timeout=30)
    one_writer = threading.Lock()
    real_candidates = service._candidates

    def candidates_then_wait(today, days_before):
        tasks = real_candidates(today, days_before)
        barrier.wait()  # every run has its candidate list before any run has claimed anything
        if serial:
            one_writer.acquire()
        return tasks

    monkeypatch.setattr(service, "_candidates", candidates_then_wait)
    reports, errors = [], []

    def run():
        try:
            reports.append(service.reminders_send(today=OVERDUE_DAY, days_before=7))
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            if serial and one_writer.locked():
                one_writer.release()
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return reports, errors


def test_two_runs_at_the_same_moment_send_each_letter_once(addressed_world, monkeypatch):
    expected = service.reminders_send(today=OVERDUE_DAY, days_before=7, dry_run=True)
    assert expected.tasks >= 4 and expected.letters >= 4

    reports, errors = _race(monkeypatch)

    assert errors == []
    assert sorted(r.tasks for r in reports) == [0, expected.tasks]  # one run sent it all, the other nothing
    addresses = sorted(address for m in mail.outbox for address in m.to)
    assert addresses == sorted(expected.addresses), "a letter went out twice (or not at all)"
    logs = ReminderLog.objects.filter(sent_on=OVERDUE_DAY)
    assert logs.count() == expected.tasks
    assert logs.values("claim").distinct().count() == 1


def test_three_runs_at_the_same_moment(addressed_world, monkeypatch):
    expected = service.reminders_send(today=OVERDUE_DAY, days_before=7, dry_run=True)
    reports, errors = _race(monkeypatch, runs=3)
    assert errors == []
    assert sorted(r.tasks for r in reports) == [0, 0, expected.tasks]
    assert len(mail.outbox) == expected.letters


def test_a_refused_run_leaves_its_claims_for_the_next(addressed_world, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP недоступен")

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(ConnectionRefusedError):
            service.reminders_send(today=OVERDUE_DAY, days_before=7)
    assert not ReminderLog.objects.exists()
    report = service.reminders_send(today=OVERDUE_DAY, days_before=7)
    assert report.tasks > 0 and len(mail.outbox) == report.letters

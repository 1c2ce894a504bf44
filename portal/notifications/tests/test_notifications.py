"""The bell: an act returned, a new remark, a task overdue, a check result reach the school's head, once each,
read / unread, linking to the object; nobody opens another's notification."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import SchoolTask
from monitoring.services import campaign_create, school_task_set_status, school_tasks_sync, website_check_save
from portal.notifications.models import Notification
from tests.factories import make_act_version
from schools.models import ReviewState

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(world):
    school_tasks_sync()
    return world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Notifications are sent when the transaction commits: ``with committed():`` runs them as production would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_act_returned_reaches_the_head_only(synced, committed):
    with committed():
        version = make_act_version(synced.home.school, user=synced.home.head, review_by=synced.home.officer,
                                   decision=ReviewState.RETURNED, remarks="Нет раздела об оценочных процедурах")
    note = Notification.objects.get(user=synced.home.head)
    assert note.kind == "act_returned" and note.url == reverse("schools:act_version", args=[version.pk])
    assert "Нет раздела" in note.text
    assert not Notification.objects.exclude(user=synced.home.head).exists()


def test_accepted_act_is_not_a_notification(synced, committed):
    with committed():
        make_act_version(synced.home.school, user=synced.home.head, review_by=synced.home.officer,
                         decision=ReviewState.ACCEPTED)
    assert not Notification.objects.exists()


def test_remark_reaches_the_head(synced, committed):
    task = SchoolTask.objects.filter(school=synced.home.school).first()
    with committed():
        school_task_set_status(task=task, user=synced.home.officer, status=task.status,
                               expected_version=task.version, comment="Приложите протокол")
    note = Notification.objects.get(user=synced.home.head)
    assert note.kind == "remark" and note.url == reverse("monitoring:task_detail", args=[task.pk])
    assert "к приказу №" in note.title and not Notification.objects.filter(user=synced.home.other_head).exists()


def test_check_result_reaches_the_head(synced, committed):
    campaign = campaign_create(user=synced.home.officer, municipality=synced.home.municipality, title="Мониторинг ВСОКО",
                               period_start=date(2022, 11, 1), period_end=date(2022, 11, 30))
    with committed():
        website_check_save(campaign=campaign, school=synced.home.school, user=synced.home.officer, found=False,
                           remarks="Раздел пуст", scores={})
    note = Notification.objects.get(user=synced.home.head)
    assert note.kind == "check" and "акт не найден" in note.text


def test_overdue_once_then_read_and_open(client, synced):
    client.force_login(synced.home.head)
    client.get(reverse("dashboard"))
    client.get(reverse("dashboard"))
    assert _kinds(synced.home.head) == ["overdue", "overdue"]  # the world's two tasks ended on 31.10.2022
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'id="bell-count">2<' in page and page.count("notification-unread") == 2
    note = Notification.objects.filter(user=synced.home.head).first()
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=synced.home.head, read_at__isnull=True).exists()
    assert 'id="bell-count"' not in client.get(reverse("notifications:list")).content.decode()


def test_nobody_opens_anothers_notification(client, synced):
    client.force_login(synced.home.head)
    client.get(reverse("dashboard"))
    note = Notification.objects.filter(user=synced.home.head).first()
    for user in (synced.home.other_head, synced.home.officer, synced.admin):
        client.force_login(user)
        assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
        assert reverse("notifications:open", args=[note.pk]) not in client.get(reverse("notifications:list")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_list_queries_are_bounded(client, synced):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(synced.home.head)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("notifications:list"))
    Notification.objects.bulk_create(Notification(user=synced.home.head, kind="remark", title=f"З {i}", url="/",
                                                  key=f"k{i}") for i in range(40))
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("notifications:list"))
    assert len(large) == len(small) <= 15

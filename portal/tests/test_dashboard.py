"""The dashboard: a head's school first, tasks counted in «Срок в ближайшие 30 дней», scoped lists."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import SchoolTask, TaskEvent
from monitoring.services import school_task_extend, school_task_set_status, school_tasks_sync
from tests.factories import make_act_version, make_school
from schools.models import ReviewState

pytestmark = pytest.mark.django_db

TODAY = date(2022, 11, 1)  # the world's items ended on 31.10.2022: overdue, none due soon


@pytest.fixture
def synced(world, monkeypatch):
    monkeypatch.setattr("portal.views.local_today", lambda: TODAY)
    school_tasks_sync()
    return world


def _extend(world, school, due: date) -> SchoolTask:
    task = SchoolTask.objects.filter(school=school).order_by("item__position").first()
    officer = world.home.officer if school.municipality_id == world.home.municipality.pk else world.away.officer
    school_task_extend(task=task, user=officer, due_date=due, expected_version=task.version, comment="Приказ")
    return task


def test_due_soon_counts_school_tasks_for_officer(client, synced):
    _extend(synced, synced.home.school, date(2022, 11, 20))
    _extend(synced, synced.away.school, date(2022, 11, 20))  # another municipality: not counted
    client.force_login(synced.home.officer)
    response = client.get(reverse("dashboard"))
    assert response.context["total"].due_soon == 0
    assert response.context["due_soon_tasks_count"] == 1
    assert response.context["due_soon_count"] == 1
    rows = response.context["due_soon_tasks"]
    assert [(row["item_id"], row["n_schools"]) for row in rows] == [(synced.home.item.pk, 1)]
    html = response.content.decode()
    assert "задач школ: 1" in html
    assert f"п. {synced.home.item.number} дорожной карты к приказу № {synced.home.order.number}" in html


def test_due_soon_counts_only_the_heads_school(client, synced):
    _extend(synced, synced.home.school, date(2022, 11, 20))
    _extend(synced, synced.home.other_school, date(2022, 11, 21))
    client.force_login(synced.home.head)
    response = client.get(reverse("dashboard"))
    assert response.context["due_soon_count"] == 1
    assert "задач школы: 1" in response.content.decode()


def test_task_due_after_30_days_or_done_is_not_due_soon(client, synced):
    _extend(synced, synced.home.school, date(2022, 12, 2))  # 31 days ahead
    task = _extend(synced, synced.home.other_school, date(2022, 11, 5))
    school_task_set_status(task=task, user=synced.home.officer, status="done", expected_version=task.version + 0,
                           comment="Сделано", done_on=TODAY)
    client.force_login(synced.home.officer)
    assert client.get(reverse("dashboard")).context["due_soon_count"] == 0


def test_head_dashboard_leads_with_their_school(client, synced):
    head = synced.home.head
    task = SchoolTask.objects.filter(school=synced.home.school).order_by("item__position").first()
    school_task_set_status(task=task, user=synced.home.officer, status=task.status, expected_version=task.version,
                           comment="Нет протокола совещания")
    make_act_version(synced.home.school, user=head, review_by=synced.home.officer, decision=ReviewState.RETURNED,
                     remarks="Нет раздела об оценочных процедурах")
    client.force_login(head)
    html = client.get(reverse("dashboard")).content.decode()
    school_at, roadmap_at = html.index('id="head-school"'), html.index("Дорожная карта муниципалитета")
    assert school_at < roadmap_at
    block = html[school_at:roadmap_at]
    assert synced.home.school.short_name.replace("«", "&laquo;") in block or synced.home.school.short_name in block
    assert "Вернули с замечаниями" in block and "Нет раздела об оценочных процедурах" in block
    assert reverse("monitoring:task_detail", args=[task.pk]) in block
    assert block.count("Отметить") == SchoolTask.objects.filter(school=synced.home.school).count()
    other = SchoolTask.objects.filter(school=synced.home.other_school).first()
    assert reverse("monitoring:task_detail", args=[other.pk]) not in html


def test_head_sees_no_buttons_they_cannot_use(client, synced):
    client.force_login(synced.home.head)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("roadmaps:summary_export") not in html
    assert reverse("roadmaps:schools_export") not in html
    client.force_login(synced.home.officer)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("roadmaps:summary_export") in html and 'id="head-school"' not in html


@pytest.mark.parametrize("role", ["school_head", "municipal", "admin"])
def test_dashboard_queries_do_not_grow_with_schools(client, synced, role):
    client.force_login(synced.user(role))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(ctx)

    count()  # a head's first visit records what became overdue (the bell): measure the visits after it
    small = count()
    for _ in range(15):
        make_school(synced.home.municipality)
    school_tasks_sync()
    for task in SchoolTask.objects.filter(school__municipality=synced.home.municipality)[:10]:
        TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.REMARK, comment="Замечание")
    count()
    assert count() == small
    assert small <= 25


def test_dashboard_rows_escape_and_truncate_like_the_templates():
    """The rows built in Python (portal.dashboard_rows) escape and cut texts as the template filters did."""
    from django.template.defaultfilters import truncatechars
    from django.utils.html import conditional_escape

    from core.text import truncate_chars
    from portal import dashboard_rows

    long_text = "<b>Приказ</b> " + "ё" * 200
    assert truncate_chars(long_text, 110) == truncatechars(long_text, 110)
    assert truncate_chars("коротко", 110) == "коротко"
    row = {
        "item_id": None, "clause_id": 3, "clause__order_id": 7, "clause__number": "2", "clause__text": long_text,
        "clause__order__number": "<1>", "clause__order__date": date(2025, 1, 2), "clause__deadline_text": "<i>до мая</i>",
        "school__municipality__short_name": "Город & село", "n_overdue": 4,
    }
    html = str(dashboard_rows.overdue_item_rows([row]))
    assert "<b>" not in html and "<i>" not in html and "<1>" not in html
    assert conditional_escape(truncatechars(long_text, 110)) in html
    assert "Город &amp; село" in html and "&lt;i&gt;до мая&lt;/i&gt;" in html
    assert str(dashboard_rows.overdue_item_rows([])) == '<tr><td class="text-muted">Просроченных задач нет.</td></tr>'


def test_head_task_rows_mark_remarks_overdue_and_escape():
    from types import SimpleNamespace

    from portal import dashboard_rows

    task = SimpleNamespace(
        pk=5, compliance="overdue", source_label="п. 1 приказа <№ 2>", activity="<b>Сделать</b>", has_remark=True,
        due_date=date(2025, 3, 4), deadline_text="до марта", status="not_started",
    )
    html = str(dashboard_rows.head_task_rows([task]))
    assert 'class="row-overdue"' in html and "есть замечание" in html and "04.03.2025" in html
    assert "&lt;b&gt;Сделать&lt;/b&gt;" in html and "&lt;№ 2&gt;" in html and 'href="/' in html
    task.has_remark, task.due_date, task.compliance = False, None, "not_due"
    html = str(dashboard_rows.head_task_rows([task]))
    assert "есть замечание" not in html and "без срока" in html and 'class=""' in html
    assert "Все задачи школы выполнены." in dashboard_rows.head_task_rows([])

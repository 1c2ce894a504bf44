"""The comparison page (figures by hand, drill-down, Excel), risk list, school page and the sign handed as a task."""
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import SchoolTask, TaskEvent
from monitoring.vpr.models import Sign, SignTask
from tests.factories import make_school

from .factories import add_results, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(world):
    """Home school: class 1 — 2 lowered, 1 confirmed; class 2 — 1 raised, 1 without a journal mark.
    Home other school: 3 confirmed. Away school: 4 raised."""
    round_ = make_round()
    code = add_results(round_, world.home.school, [(2, 5, 2, 3), (1, 12, 4, 4)], class_number="1")
    add_results(round_, world.home.school, [(1, 18, 5, 4), (1, 9, 3, None)], class_number="2", start=code)
    add_results(round_, world.home.other_school, [(3, 12, 4, 4)])
    add_results(round_, world.away.school, [(4, 18, 5, 3)])
    return round_


def _login(client, user):
    client.force_login(user)
    return client


def _row(response, kind, key):
    return next(r for r in response.context["rows"] if r.kind == kind and r.key == key)


def test_regional_sees_municipalities_with_figures_by_hand(client, world, results):
    response = _login(client, world.regional).get(reverse("vpr:comparison"), {"round": results.pk})
    assert response.status_code == 200
    total = response.context["total"].counts
    # 12 participants, 11 compared: lowered 2, confirmed 4 (1 + 3), raised 5 (1 + 4), 1 without
    assert (total["total"], total["compared"], total["lowered"], total["confirmed"], total["raised"],
            total["without"]) == (12, 11, 2, 4, 5, 1)
    home = _row(response, "municipality", world.home.municipality.pk)
    assert (home.counts["compared"], home.counts["lowered"], home.counts["confirmed"], home.counts["raised"]) == (
        7, 2, 4, 1)
    assert home.lowered_pct == pytest.approx(100 * 2 / 7)
    away = _row(response, "municipality", world.away.municipality.pk)
    assert away.raised_pct == 100.0
    content = response.content.decode()
    assert "Понизили (Отметка &lt; Отметка по журналу)" in content
    assert "Подтвердили (Отметка = Отметке по журналу)" in content
    assert "28,57" in content  # 2 of 7, as ФИС ОКО shows it


def test_drill_down_to_school_and_classes(client, world, results):
    client = _login(client, world.regional)
    response = client.get(reverse("vpr:comparison"), {"round": results.pk, "municipality": world.home.municipality.pk})
    school = _row(response, "school", world.home.school.pk)
    assert (school.counts["lowered"], school.counts["confirmed"], school.counts["raised"], school.counts["without"]) == (
        2, 1, 1, 1)
    response = client.get(reverse("vpr:comparison"), {"round": results.pk, "school": world.home.school.pk})
    classes = {r.key: r.counts for r in response.context["rows"]}
    assert (classes["1"]["lowered"], classes["1"]["confirmed"], classes["2"]["raised"], classes["2"]["without"]) == (
        2, 1, 1, 1)
    assert [label for label, _ in response.context["trail"]] == [
        world.home.municipality.region.name, world.home.municipality.short_name, world.home.school.short_name]


def test_excel_has_the_same_table(client, world, results):
    response = _login(client, world.regional).get(reverse("vpr:comparison_export"), {"round": results.pk})
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[2][0] == "Группы участников" and rows[2][2].startswith("Понизили")
    assert rows[3][:2] == (world.home.municipality.region.name, 11)
    labels = [r[0].strip() for r in rows[4:]]
    assert labels == sorted([world.home.municipality.short_name, world.away.municipality.short_name],
                            key=lambda n: [world.home.municipality.short_name,
                                           world.away.municipality.short_name].index(n))


def test_comparison_query_count_is_bounded(client, world, results, django_assert_max_num_queries):
    client = _login(client, world.regional)
    url = reverse("vpr:comparison")
    with django_assert_max_num_queries(14) as small:
        client.get(url, {"round": results.pk, "municipality": world.home.municipality.pk})
    m = world.home.municipality
    for i in range(30):
        add_results(results, make_school(m, f"Школа {i}"), [(3, 10, 3, 4)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"round": results.pk, "municipality": world.home.municipality.pk})
    assert len(response.context["rows"]) == 32


def test_risk_list_and_school_page_queries_are_bounded(client, world, results, django_assert_max_num_queries):
    client = _login(client, world.regional)
    m = world.home.municipality
    for i in range(25):
        add_results(results, make_school(m, f"Школа {i}"), [(20, 10 + i % 5, 3, 4)])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("vpr:risk_schools"), {"round": results.pk}).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("vpr:school", args=[world.home.school.pk]), {"round": results.pk}).status_code == 200


@pytest.fixture
def flagged(world):
    """A home school whose mean is far above the region's, and item 10 of the home roadmap."""
    round_ = make_round()
    m = world.home.municipality
    for i in range(3):
        add_results(round_, make_school(m, f"Обычная {i}"), [(20, 10, 3, 3)])
    add_results(round_, world.home.school, [(20, 19, 5, 4)])
    item = world.home.roadmap.items.order_by("position").last()
    item.number, item.activity, item.all_schools = "10", "Сопоставление результатов ВПР с отметками по журналу", False
    item.deadline_end = date(2023, 9, 30)
    item.save()
    return round_, item


def test_officer_turns_a_sign_into_a_task(client, world, flagged):
    round_, item = flagged
    client = _login(client, world.home.officer)
    page = client.get(reverse("vpr:school", args=[world.home.school.pk]), {"round": round_.pk})
    assert page.status_code == 200
    assert page.context["report"].sign(Sign.HIGH_MEAN).found
    assert b"sign-task" in page.content
    response = client.post(reverse("vpr:school_sign_task", args=[world.home.school.pk]),
                           {"round": round_.pk, "sign": Sign.HIGH_MEAN, "item": item.pk, "due_date": "2023-10-15",
                            "comment": "Жду до середины октября."})
    assert response.status_code == 302
    link = SignTask.objects.get()
    task = link.task
    assert (task.school, task.item, task.due_date) == (world.home.school, item, date(2023, 10, 15))
    remark = TaskEvent.objects.get(task=task, kind=TaskEvent.Kind.REMARK)
    assert "Средний балл значимо выше региона".lower() in remark.comment
    assert "объяснение причин и план" in remark.comment and "Жду до середины октября." in remark.comment
    assert response.url == reverse("monitoring:task_detail", args=[task.pk])
    # the head sees it in the cabinet task page
    client.force_login(world.home.head)
    assert client.get(reverse("monitoring:task_detail", args=[task.pk])).status_code == 200
    # the same sign twice: refused
    client.force_login(world.home.officer)
    again = client.post(reverse("vpr:school_sign_task", args=[world.home.school.pk]),
                        {"round": round_.pk, "sign": Sign.HIGH_MEAN, "item": item.pk})
    assert again.status_code == 400 and SignTask.objects.count() == 1


def test_existing_task_of_the_item_is_reused(client, world, flagged):
    round_, item = flagged
    existing = SchoolTask.objects.create(school=world.home.school, item=item, due_date=item.deadline_end)
    client = _login(client, world.home.officer)
    client.post(reverse("vpr:school_sign_task", args=[world.home.school.pk]),
                {"round": round_.pk, "sign": Sign.HIGH_MEAN, "item": item.pk})
    assert SignTask.objects.get().task_id == existing.pk
    assert SchoolTask.objects.filter(school=world.home.school, item=item).count() == 1


def test_a_sign_the_school_does_not_have_is_refused(client, world, flagged):
    round_, item = flagged
    response = _login(client, world.home.officer).post(
        reverse("vpr:school_sign_task", args=[world.home.school.pk]),
        {"round": round_.pk, "sign": Sign.NEGATIVE_CORRELATION, "item": item.pk})
    assert response.status_code == 400 and not SignTask.objects.exists()


def test_a_task_past_its_items_deadline_gets_a_month(client, world, flagged):
    from datetime import timedelta

    from core.clock import local_today

    round_, item = flagged
    _login(client, world.home.officer).post(reverse("vpr:school_sign_task", args=[world.home.school.pk]),
                                            {"round": round_.pk, "sign": Sign.HIGH_MEAN, "item": item.pk})
    task = SignTask.objects.get().task
    assert task.due_date == local_today() + timedelta(days=30) and task.due_date_extended


def test_the_comparison_item_is_offered_first(client, world, flagged):
    round_, item = flagged
    page = _login(client, world.home.officer).get(reverse("vpr:school", args=[world.home.school.pk]),
                                                  {"round": round_.pk})
    assert list(page.context["form"].fields["item"].queryset)[0] == item


def test_the_country_starts_at_regions(client, world, results):
    response = _login(client, world.admin).get(reverse("vpr:comparison"), {"round": results.pk})
    region = world.home.municipality.region
    assert [label for label, _ in response.context["trail"]] == ["Все участники"]
    row = _row(response, "region", region.pk)
    assert (row.label, row.counts["compared"], row.counts["raised"]) == (region.name, 11, 5)
    drill = client.get(reverse("vpr:comparison"), {"round": results.pk, "region": region.pk})
    assert {r.kind for r in drill.context["rows"]} == {"municipality"}

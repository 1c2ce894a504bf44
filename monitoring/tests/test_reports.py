"""Excel reports of monitoring: the compliance matrix and a website-check campaign's results — content, format,
scope (page and `export_report`), filters, formula-like names, permissions and query counts."""
from datetime import date, datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from monitoring.models import SchoolTask, WebsiteCheck
from monitoring.services import campaign_create, school_tasks_sync, website_check_save
from tests.factories import make_school
from tests.excel import data_rows, download_sheet
from roadmaps.status import Status

pytestmark = pytest.mark.django_db

TODAY = date(2023, 1, 15)
GREEN, YELLOW, RED, BLUE, GREY = "FFC6EFCE", "FFFFEB9C", "FFFFC7CE", "FFDDEBF7", "FFE7E6E6"


@pytest.fixture
def matrix(synced_world):
    """Home schools with known task states on the first two items (tasks come from the sync, as in production)."""
    w = synced_world
    items = list(w.home.roadmap.items.filter(all_schools=True).order_by("position"))
    tasks = SchoolTask.objects.filter(item__in=items[:2])
    tasks.update(due_date=date(2022, 12, 1), status=Status.NOT_STARTED, done_at=None)
    tasks.filter(school=w.home.school, item=items[0]).update(status=Status.DONE, done_at=date(2022, 11, 20))
    tasks.filter(school=w.home.school, item=items[1]).update(status=Status.DONE, done_at=date(2022, 12, 10))
    tasks.filter(school=w.home.other_school, item=items[1]).update(due_date=date(2023, 3, 1))
    return w


def _compliance(client, user, **params):
    client.force_login(user)
    return download_sheet(client, reverse("monitoring:compliance_matrix_export"), params)


def test_compliance_report_holds_states_dates_and_rates(client, matrix, monkeypatch):
    monkeypatch.setattr("monitoring.views.compliance.local_today", lambda: TODAY)
    w = matrix
    sheet = _compliance(client, w.home.officer, roadmap=w.home.roadmap.pk)
    assert "Исполнение сроков школами" in sheet["A1"].value
    assert w.home.municipality.name in sheet["A2"].value and "по состоянию на" in sheet["A2"].value
    headers = [c.value for c in sheet[3]]
    first, second = w.home.roadmap.items.filter(all_schools=True).order_by("position")[:2]
    assert headers[:5] == ["Школа", f"п. {first.number}: состояние", f"п. {first.number}: дата",
                           f"п. {second.number}: состояние", f"п. {second.number}: дата"]
    assert headers[-2:] == ["В срок, %", "Просрочено"]
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:")
    rows = {r[0]: r for r in data_rows(sheet)}
    assert set(rows) == {w.home.school.short_name, w.home.other_school.short_name}
    mine = rows[w.home.school.short_name]
    assert mine[1:5] == ["в срок", datetime(2022, 11, 20), "с опозданием", datetime(2022, 12, 10)]
    other = rows[w.home.other_school.short_name]
    assert other[1:5] == ["просрочено", datetime(2022, 12, 1), "срок не наступил", datetime(2023, 3, 1)]
    row_index = 4 + list(rows).index(w.home.school.short_name)
    state, when = sheet.cell(row_index, 2), sheet.cell(row_index, 3)
    assert state.fill.fgColor.rgb == GREEN and sheet.cell(row_index, 4).fill.fgColor.rgb == YELLOW
    assert when.is_date and when.number_format == "DD.MM.YYYY"
    other_index = 4 + list(rows).index(w.home.other_school.short_name)
    assert sheet.cell(other_index, 2).fill.fgColor.rgb == RED and sheet.cell(other_index, 4).fill.fgColor.rgb == BLUE


def test_compliance_report_honours_filters_and_quotes_formulas(client, matrix, monkeypatch):
    monkeypatch.setattr("monitoring.views.compliance.local_today", lambda: TODAY)
    w = matrix
    w.home.other_school.short_name = "=СУММ(1)"
    w.home.other_school.save()
    sheet = _compliance(client, w.home.officer, roadmap=w.home.roadmap.pk, state="overdue")
    assert [r[0] for r in data_rows(sheet)] == ["=СУММ(1)"]
    assert sheet["A4"].data_type == "s" and sheet["A4"].quotePrefix
    assert "просрочено" in sheet["A2"].value
    sheet = _compliance(client, w.home.officer, roadmap=w.home.roadmap.pk, q=w.home.school.short_name)
    assert [r[0] for r in data_rows(sheet)] == [w.home.school.short_name]


def test_compliance_report_of_a_school_head_holds_their_school_only(client, matrix):
    sheet = _compliance(client, matrix.home.head, roadmap=matrix.home.roadmap.pk)
    assert [r[0] for r in data_rows(sheet)] == [matrix.home.school.short_name]


def test_compliance_export_command_respects_user_scope(matrix, tmp_path):
    w = matrix
    out = tmp_path / "m.xlsx"
    call_command("export_report", "compliance", "--roadmap", str(w.home.roadmap.pk), "--output", str(out),
                 "--user", w.home.officer.username, "--state", "overdue")
    assert [r[0] for r in data_rows(openpyxl.load_workbook(out).active)] == [w.home.other_school.short_name]
    with pytest.raises(CommandError, match="недоступна"):
        call_command("export_report", "compliance", "--roadmap", str(w.home.roadmap.pk), "--output", str(out),
                     "--user", w.away.officer.username)
    call_command("export_report", "compliance", "--roadmap", str(w.away.roadmap.pk), "--output", str(out),
                 "--user", w.away.officer.username)
    names = {r[0] for r in data_rows(openpyxl.load_workbook(out).active)}
    assert names == {w.away.school.short_name, w.away.other_school.short_name}


# --- website-check campaign results ---------------------------------------------------------------


@pytest.fixture
def campaign(synced_world):
    w = synced_world
    campaign = campaign_create(user=w.home.officer, municipality=w.home.municipality,
                               title="Мониторинг сайтов ОО: Положение о ВСОКО", period_start=date(2022, 11, 1),
                               period_end=date(2022, 11, 30))
    criteria = list(campaign.criteria.order_by("position", "pk"))
    website_check_save(
        campaign=campaign, school=w.home.school, user=w.home.officer, found=True,
        scores={c.pk: c.max_score for c in criteria[:-1]} | {criteria[-1].pk: 0},
        page_url="https://school.example.ru/sveden/document", document_url="https://school.example.ru/vsoko.pdf",
        other_urls="https://a.example.ru\nhttps://b.example.ru", remarks="Нет подписи",
    )
    return campaign, criteria


def test_campaign_report_holds_results(client, synced_world, campaign):
    w = synced_world
    campaign, criteria = campaign
    client.force_login(w.home.officer)
    sheet = download_sheet(client, reverse("monitoring:campaign_export", args=[campaign.pk]))
    assert sheet["A1"].value == campaign.title
    headers = [c.value for c in sheet[3]]
    assert headers[:5] == ["Школа", "Акт на сайте", "Страница раздела", "Ссылка на документ", "Другие ссылки"]
    assert headers[5:5 + len(criteria)] == [f"{c.short_title} (из {c.max_score})" for c in criteria]
    assert headers[-5:-1] == [headers[-5], "Замечания", "Проверил", "Проверено"] and headers[-5].startswith("Итого")
    assert headers[-1] == "Способ проверки"
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref
    rows = {r[0]: r for r in data_rows(sheet)}
    mine = rows[w.home.school.short_name]
    assert mine[1:5] == ["найден", "https://school.example.ru/sveden/document", "https://school.example.ru/vsoko.pdf",
                         "https://a.example.ru\nhttps://b.example.ru"]
    assert mine[5:5 + len(criteria)] == [c.max_score for c in criteria[:-1]] + [0]
    assert mine[5 + len(criteria)] == sum(c.max_score for c in criteria[:-1])
    assert mine[-4:-2] == ["Нет подписи", w.home.officer.get_full_name() or w.home.officer.username]
    assert isinstance(mine[-2], datetime) and mine[-1] == "вручную"
    assert rows[w.home.other_school.short_name][1] == "не проверена"
    index = 4 + list(rows).index(w.home.school.short_name)
    assert sheet.cell(index, 2).fill.fgColor.rgb == GREEN
    assert sheet.cell(index, 5 + len(criteria)).fill.fgColor.rgb == RED  # the last criterion scored 0
    assert sheet.cell(index, len(headers) - 1).number_format == "DD.MM.YYYY HH:MM"


def test_campaign_report_honours_filters(client, synced_world, campaign):
    w = synced_world
    client.force_login(w.home.officer)
    url = reverse("monitoring:campaign_export", args=[campaign[0].pk])
    assert [r[0] for r in data_rows(download_sheet(client, url, {"check_filter": "unchecked"}))] == [
        w.home.other_school.short_name]
    assert [r[0] for r in data_rows(download_sheet(client, url, {"check_filter": "found"}))] == [w.home.school.short_name]


def test_campaign_export_command(synced_world, campaign, tmp_path):
    w = synced_world
    out = tmp_path / "c.xlsx"
    call_command("export_report", "website_checks", "--campaign", str(campaign[0].pk), "--output", str(out),
                 "--check-filter", "found")
    assert [r[0] for r in data_rows(openpyxl.load_workbook(out).active)] == [w.home.school.short_name]
    with pytest.raises(CommandError, match="недоступен"):
        call_command("export_report", "website_checks", "--campaign", str(campaign[0].pk), "--output", str(out),
                     "--user", w.away.officer.username)


# --- permissions ---------------------------------------------------------------------------------

ROLES = ["admin", "regional", "municipal", "school_head"]
EXPECT = {
    # url -> side -> role -> status
    "compliance": {"home": dict(admin=200, regional=200, municipal=200, school_head=200),
                   "away": dict(admin=200, regional=200, municipal=404, school_head=404)},
    "campaign": {"home": dict(admin=200, regional=200, municipal=200, school_head=404),
                 "away": dict(admin=200, regional=200, municipal=404, school_head=404)},
}


@pytest.fixture
def campaigns(synced_world):
    return {side: campaign_create(user=getattr(synced_world, side).officer,
                                  municipality=getattr(synced_world, side).municipality,
                                  title=f"Мониторинг ({side})", period_start=date(2022, 11, 1),
                                  period_end=date(2022, 11, 30)) for side in ("home", "away")}


def _url(kind, side, world, campaigns):
    if kind == "compliance":
        return reverse("monitoring:compliance_matrix_export") + f"?roadmap={getattr(world, side).roadmap.pk}"
    return reverse("monitoring:campaign_export", args=[campaigns[side].pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind, side", [(k, s) for k in EXPECT for s in ("home", "away")])
def test_export_permission_matrix(client, synced_world, campaigns, role, kind, side):
    client.force_login(synced_world.user(role))
    url = _url(kind, side, synced_world, campaigns)
    assert client.get(url).status_code == EXPECT[kind][side][role]
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("kind", list(EXPECT))
def test_export_needs_login(client, synced_world, campaigns, kind):
    response = client.get(_url(kind, "home", synced_world, campaigns))
    assert response.status_code == 302 and "login" in response["Location"]


# --- query counts ----------------------------------------------------------------------------------


def _grow(world, n):
    for _ in range(n):
        make_school(world.home.municipality)
    school_tasks_sync(roadmap=world.home.roadmap)


@pytest.mark.parametrize("kind", list(EXPECT))
def test_export_queries_do_not_grow_with_schools(client, synced_world, campaigns, django_assert_max_num_queries,
                                                 kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = synced_world
    client.force_login(w.home.officer)
    url = _url(kind, "home", w, campaigns)
    counts = []
    for extra in (0, 15):
        _grow(w, extra)
        for school in w.home.municipality.schools.all():
            if kind == "campaign" and not WebsiteCheck.objects.filter(school=school).exists():
                website_check_save(campaign=campaigns["home"], school=school, user=w.home.officer, found=True,
                                   scores={}, remarks="x")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            b"".join(response.streaming_content)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

"""The register of local acts as Excel: content and format, the review queue's filters, scope (download and
`export_report acts --user`), formula-like names, the permission matrix and a query count independent of size."""
from datetime import datetime

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import schools.acts.reports  # noqa: F401  (registers the `acts` kind until schools/reports.py imports it)
from tests.factories import make_act_version, make_school
from tests.excel import data_rows, download_sheet
from schools.models import LocalActKind, ReviewState

pytestmark = pytest.mark.django_db

URL = "schools:acts_register_export"
HEADERS = ["Муниципалитет", "Школа", "Вид акта", "Версия №", "Приказ об утверждении: №", "Приказ: дата",
           "Адрес на сайте школы", "Загружено", "Состояние", "Проверил", "Проверено", "Замечания"]
GREEN, YELLOW, RED, GREY = "FFC6EFCE", "FFFFEB9C", "FFFFC7CE", "FFE7E6E6"


def _download(client, user, params=None):
    client.force_login(user)
    return download_sheet(client, reverse(URL), params)


@pytest.fixture
def acts(world):
    """Home: an accepted act, a returned act; away: one on review."""
    w = world
    accepted = make_act_version(w.home.school, user=w.home.head, review_by=w.home.officer,
                                decision=ReviewState.ACCEPTED, approval_number="45-од")
    returned = make_act_version(w.home.other_school, user=w.home.other_head, review_by=w.home.officer,
                                decision=ReviewState.RETURNED, remarks="Нет подписи руководителя")
    away = make_act_version(w.away.school, user=w.away.head)
    return {"accepted": accepted, "returned": returned, "away": away}


def _by_school_kind(sheet):
    return {(r[1], r[2]): (index, r) for index, r in enumerate(data_rows(sheet), start=4)}


def test_register_report_holds_latest_versions_and_states(client, world, acts):
    w = world
    vsoko = LocalActKind.objects.get(code="vsoko")
    sheet = _download(client, w.home.officer, {"state": ""})
    assert sheet["A1"].value == "Реестр локальных актов школ и их проверки"
    assert "по состоянию на" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == HEADERS
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:L")
    rows = _by_school_kind(sheet)
    index, accepted = rows[(w.home.school.short_name, vsoko.name)]
    assert accepted[:7] == [w.home.municipality.short_name, w.home.school.short_name, vsoko.name, 1, "45-од",
                            datetime(2022, 8, 30), "https://school.example.ru/sveden/document/vsoko.pdf"]
    assert accepted[8] == "принят" and accepted[9] and isinstance(accepted[10], datetime)
    assert sheet.cell(index, 9).fill.fgColor.rgb == GREEN
    assert sheet.cell(index, 6).is_date and sheet.cell(index, 6).number_format == "DD.MM.YYYY"
    index, returned = rows[(w.home.other_school.short_name, vsoko.name)]
    assert returned[8] == "возвращён на доработку" and returned[11] == "Нет подписи руководителя"
    assert sheet.cell(index, 9).fill.fgColor.rgb == RED
    missing = [(i, r) for (school, kind), (i, r) in rows.items() if kind != vsoko.name]
    assert missing and all(r[8] == "не загружен" and r[3] is None for _, r in missing)
    assert sheet.cell(missing[0][0], 9).fill.fgColor.rgb == GREY
    assert {r[1] for r in data_rows(sheet)} == {w.home.school.short_name, w.home.other_school.short_name}


def test_register_report_follows_the_queue_filters(client, world, acts):
    w = world
    # Like the queue page, opened without filters it holds what waits for review.
    sheet = _download(client, w.admin)
    assert [(r[1], r[8]) for r in data_rows(sheet)] == [(w.away.school.short_name, "на проверке")]
    assert sheet["I4"].fill.fgColor.rgb == YELLOW
    sheet = _download(client, w.home.officer, {"state": "returned"})
    assert [r[1] for r in data_rows(sheet)] == [w.home.other_school.short_name]
    sheet = _download(client, w.home.officer, {"state": "", "school": w.home.school.pk,
                                               "kind": LocalActKind.objects.get(code="vsoko").pk})
    assert [(r[1], r[8]) for r in data_rows(sheet)] == [(w.home.school.short_name, "принят")]


def test_register_report_quotes_formula_like_names(client, world, acts):
    w = world
    w.home.school.short_name = "=СУММ(1)"
    w.home.school.save()
    sheet = _download(client, w.home.officer, {"state": "accepted"})
    assert sheet["B4"].value == "=СУММ(1)" and sheet["B4"].data_type == "s" and sheet["B4"].quotePrefix


def test_export_command_respects_user_scope(world, acts, tmp_path):
    w = world
    out = tmp_path / "acts.xlsx"
    call_command("export_report", "acts", "--output", str(out), "--user", w.away.officer.username)
    schools = {r[1] for r in data_rows(openpyxl.load_workbook(out).active)}
    assert schools == {w.away.school.short_name, w.away.other_school.short_name}
    call_command("export_report", "acts", "--output", str(out), "--state", "accepted", "--act-kind", "vsoko")
    assert [r[1] for r in data_rows(openpyxl.load_workbook(out).active)] == [w.home.school.short_name]


# --- permissions: role × school filter inside / outside scope ----------------------------------------

ROLES = ["admin", "regional", "municipal", "school_head"]
EXPECT = {
    "none": dict(admin=200, regional=200, municipal=200, school_head=403),
    "home": dict(admin=200, regional=200, municipal=200, school_head=403),
    "sibling": dict(admin=200, regional=200, municipal=200, school_head=403),
    "away": dict(admin=200, regional=200, municipal=404, school_head=403),
}


def _params(world, target):
    school = {"home": world.home.school, "sibling": world.home.other_school, "away": world.away.school}.get(target)
    return {"state": "", "school": school.pk} if school else {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", list(EXPECT))
def test_permission_matrix(client, world, acts, role, target):
    client.force_login(world.user(role))
    assert client.get(reverse(URL), _params(world, target)).status_code == EXPECT[target][role]
    assert client.post(reverse(URL)).status_code == 405


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "login" in response["Location"]


def test_queue_page_links_the_download(client, world, acts):
    client.force_login(world.home.officer)
    response = client.get(reverse("schools:review_queue"), {"state": "accepted"})
    assert f'{reverse(URL)}?state=accepted'.encode() in response.content


def test_queries_do_not_grow_with_schools(client, world, acts):
    w = world
    client.force_login(w.home.officer)
    counts = []
    for extra in (0, 20):
        for n in range(extra):
            school = make_school(w.home.municipality)
            if n % 2:
                make_act_version(school, user=w.admin)
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(reverse(URL), {"state": ""}).streaming_content)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

"""Charts and Excel buttons of the municipalities and compliance-rates pages; the roadmap timeline's data."""

import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.services import school_tasks_sync
from tests.factories import add_items, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(world):
    school_tasks_sync()
    return world


def _xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [row for row in sheet.iter_rows(min_row=4, values_only=True)]


def _json(response, element_id: str):
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    return json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])


def test_municipalities_page_has_chart_data_and_excel(client, synced):
    client.force_login(synced.regional)
    response = client.get(reverse("monitoring:municipalities"))
    chart = _json(response, "municipalities-data")
    assert [row["label"] for row in chart] == sorted([synced.home.municipality.short_name,
                                                      synced.away.municipality.short_name])
    assert all(row["overdue"] == 4 for row in chart)  # 2 schools × 2 «все ОО» items, deadlines long passed
    html = response.content.decode()
    assert reverse("monitoring:municipalities_export") in html and 'data-chart="municipalities"' in html
    rows = _xlsx_rows(client.get(reverse("monitoring:municipalities_export")))
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        (synced.home.municipality.name, 2, 4, 4), (synced.away.municipality.name, 2, 4, 4),
    ] or [(r[0], r[1], r[2], r[5]) for r in rows] == [
        (synced.away.municipality.name, 2, 4, 4), (synced.home.municipality.name, 2, 4, 4),
    ]


def test_municipalities_export_is_scoped(client, synced):
    client.force_login(synced.home.officer)
    rows = _xlsx_rows(client.get(reverse("monitoring:municipalities_export")))
    assert [r[0] for r in rows] == [synced.home.municipality.name]
    client.force_login(synced.home.head)
    assert client.get(reverse("monitoring:municipalities_export")).status_code == 403


def test_rates_page_chart_table_and_excel(client, synced):
    client.force_login(synced.home.officer)
    response = client.get(reverse("monitoring:compliance_rates"))
    chart = {row["state"]: row["count"] for row in _json(response, "states-data")}
    assert chart["overdue"] == 4 and sum(chart.values()) == 4
    html = response.content.decode()
    assert 'id="states-table"' in html and reverse("monitoring:compliance_rates_export") in html
    rows = _xlsx_rows(client.get(reverse("monitoring:compliance_rates_export")))
    assert sorted(r[0] for r in rows) == sorted([synced.home.school.short_name, synced.home.other_school.short_name])
    assert all(r[4] == 2 for r in rows)


def test_rates_export_filter_and_scope(client, synced):
    client.force_login(synced.regional)
    url = reverse("monitoring:compliance_rates_export")
    rows = _xlsx_rows(client.get(url, {"municipality": synced.away.municipality.pk}))
    assert {r[1] for r in rows} == {synced.away.municipality.short_name}
    assert len(_xlsx_rows(client.get(url))) == 4
    client.force_login(synced.home.officer)  # another municipality asked for: their own is given
    rows = _xlsx_rows(client.get(url, {"municipality": synced.away.municipality.pk}))
    assert {r[1] for r in rows} == {synced.home.municipality.short_name}
    client.force_login(synced.home.head)
    assert [r[0] for r in _xlsx_rows(client.get(url))] == [synced.home.school.short_name]


def test_timeline_data(client, synced):
    roadmap = synced.home.roadmap
    undated = roadmap.items.order_by("position").last()
    undated.deadline_start = undated.deadline_end = None
    undated.deadline_recognized = False
    undated.save()
    client.force_login(synced.home.head)
    response = client.get(reverse("roadmaps:roadmap_timeline", args=[roadmap.pk]))
    bars = _json(response, "timeline-data")
    assert len(bars) == roadmap.items.count() - 1
    first = bars[0]
    assert (first["start"], first["end"], first["custom_class"]) == ("2022-10-01", "2022-10-31", "status-overdue")
    assert "период не распознан" in response.content.decode()
    client.force_login(synced.away.officer)
    assert client.get(reverse("roadmaps:roadmap_timeline", args=[roadmap.pk])).status_code == 404


@pytest.mark.parametrize("name", ["timeline", "municipalities", "rates"])
def test_queries_do_not_grow(client, synced, name):
    url = {
        "timeline": reverse("roadmaps:roadmap_timeline", args=[synced.home.roadmap.pk]),
        "municipalities": reverse("monitoring:municipalities"),
        "rates": reverse("monitoring:compliance_rates"),
    }[name]
    client.force_login(synced.admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = count()
    add_items(synced.home.roadmap, 40, start_position=10)
    for _ in range(20):
        make_school(synced.home.municipality)
    school_tasks_sync()
    assert count() == small and small <= 15


def test_rates_page_rows_escape_what_users_typed(client, synced):
    """The rates page's rows are written in the view: names, activities and deadlines stay escaped."""
    school = synced.home.school
    school.short_name = '<b>Школа "№1" & К°</b>'
    school.save(update_fields=["short_name"])
    municipality = synced.home.municipality
    municipality.short_name = "<i>МО</i>"
    municipality.save(update_fields=["short_name"])
    synced.home.roadmap.items.update(activity="<script>alert(1)</script> Мероприятие", deadline_text="<u>до 1 мая</u>")
    client.force_login(synced.regional)
    html = client.get(reverse("monitoring:compliance_rates")).content.decode()
    assert "&lt;b&gt;Школа &quot;№1&quot; &amp; К°&lt;/b&gt;" in html and "<b>Школа" not in html
    assert "&lt;i&gt;МО&lt;/i&gt;" in html and "<i>МО" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Мероприятие" in html and "<script>alert" not in html
    assert "&lt;u&gt;до 1 мая&lt;/u&gt;" in html and "<u>до" not in html


def test_municipalities_page_website_checks(client, synced, campaign):
    """The comparison's last column: the municipality's campaigns and their checks of active schools out of
    campaigns × active schools."""
    from django.utils import timezone

    from monitoring.models import WebsiteCheck
    from schools.models import School

    home = synced.home
    WebsiteCheck.objects.create(campaign=campaign, school=home.school, found=True, checked_at=timezone.now())
    retired = make_school(home.municipality)
    WebsiteCheck.objects.create(campaign=campaign, school=retired, found=False, checked_at=timezone.now())
    School.objects.filter(pk=retired.pk).update(is_active=False)
    active = School.objects.filter(municipality=home.municipality, is_active=True).count()
    client.force_login(synced.regional)
    html = client.get(reverse("monitoring:municipalities")).content.decode()
    assert f"1 мониторинг<div class=\"small-muted\">проверок сайтов: 1 из {active}</div>" in html


def test_municipalities_page_escapes_names(client, synced):
    municipality = synced.home.municipality
    municipality.name = '<b>Город "N" & округ</b>'
    municipality.save(update_fields=["name"])
    client.force_login(synced.regional)
    html = client.get(reverse("monitoring:municipalities")).content.decode()
    assert "&lt;b&gt;Город &quot;N&quot; &amp; округ&lt;/b&gt;" in html and "<b>Город" not in html

"""Order import in the browser (upload → preview → confirm) and the Excel downloads: permission matrix,
the whole flow with a seed file, query counts at two sizes."""
import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, include, path, reverse

from tests.factories import add_items, make_school
from roadmaps.models import Order, Roadmap, RoadmapItem
from roadmaps.status import Status
from tests.imports import confirm, run_queued_tasks, upload

SEED = Path(settings.BASE_DIR) / "fixtures" / "seeds" / "000_9185a89d1fab58bd.txt"
if not SEED.exists():
    SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / SEED.name
ROLES = ["admin", "regional", "municipal", "school_head"]


def _urlpatterns():
    """portal.urls with roadmaps.urls_import inside the «roadmaps» namespace, for as long as roadmaps/urls.py
    does not include it itself (the fixture below switches to it only then)."""
    from portal import urls as portal_urls
    from roadmaps import urls as roadmap_urls
    from roadmaps import urls_import

    patterns = []
    for pattern in portal_urls.urlpatterns:
        if getattr(pattern, "namespace", None) == "roadmaps":
            pattern = path("", include((roadmap_urls.urlpatterns + urls_import.urlpatterns, "roadmaps")))
        patterns.append(pattern)
    return patterns


urlpatterns = _urlpatterns()


@pytest.fixture(autouse=True)
def import_urls(settings):
    try:
        reverse("roadmaps:order_import")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


def _seed_upload(name: str = SEED.name) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SEED.read_bytes(), content_type="text/plain")


def _upload(client, municipality, file=None):
    data = {"file": file or _seed_upload(), "municipality": municipality.pk}
    return client.post(reverse("roadmaps:order_import"), data)


# --- permission matrix ---------------------------------------------------------------------------------

# A regional specialist loads their region's own (regional) orders: the page offers only that region.
UPLOAD_GET = {"admin": 200, "regional": 200, "municipal": 200, "school_head": 403}
# Posting a file for the home / away municipality: officers load only into their own (the choice is refused; a
# regional specialist has no municipality to choose, only the region).
UPLOAD_POST = {("admin", "home"): 302, ("admin", "away"): 302, ("regional", "home"): 400, ("regional", "away"): 400,
               ("municipal", "home"): 302, ("municipal", "away"): 400, ("school_head", "home"): 403,
               ("school_head", "away"): 403}
EXPORT_GET = {("admin", "home"): 200, ("admin", "away"): 200, ("regional", "home"): 200, ("regional", "away"): 200,
              ("municipal", "home"): 200, ("municipal", "away"): 404, ("school_head", "home"): 200,
              ("school_head", "away"): 404}


@pytest.mark.parametrize("role", ROLES)
def test_upload_page_matrix(client, world, role):
    client.force_login(world.user(role))
    assert client.get(reverse("roadmaps:order_import")).status_code == UPLOAD_GET[role]


@pytest.mark.parametrize("side", ["home", "away"])
@pytest.mark.parametrize("role", ROLES)
def test_upload_post_matrix(client, world, role, side):
    client.force_login(world.user(role))
    response = _upload(client, getattr(world, side).municipality)
    assert response.status_code == UPLOAD_POST[(role, side)]
    assert Order.objects.count() == 2  # only the world's own: an upload writes nothing before confirmation


@pytest.mark.parametrize("side", ["home", "away"])
@pytest.mark.parametrize("role", ROLES)
def test_roadmap_export_matrix(client, world, role, side):
    client.force_login(world.user(role))
    response = client.get(reverse("roadmaps:roadmap_export", args=[getattr(world, side).roadmap.pk]))
    assert response.status_code == EXPORT_GET[(role, side)]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", [
    lambda w: reverse("roadmaps:order_import"),
    lambda w: reverse("roadmaps:order_import_columns", args=[1]),
    lambda w: reverse("roadmaps:roadmap_export", args=[w.home.roadmap.pk]),
    lambda w: reverse("roadmaps:summary_export"),
    lambda w: reverse("roadmaps:schools_export"),
])
def test_anonymous_is_sent_to_login(client, world, url, method):
    response = getattr(client, method)(url(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["regional", "school_head", "admin"])
def test_someone_elses_pending_import_is_not_found(client, world, role):
    client.force_login(world.home.officer)
    job, _ = _read(client, world.home.municipality)
    client.force_login(world.user(role))  # another user (and another session)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:import_confirm", args=[job.pk])).status_code == 404
    assert client.post(reverse("roadmaps:order_import_columns", args=[job.pk])).status_code in (403, 404)


# --- the flow --------------------------------------------------------------------------------------------

def _read(client, municipality, file=None):
    """Upload, let the worker read it: (the job, its page)."""
    return upload(client, reverse("roadmaps:order_import"),
                  {"file": file or _seed_upload(), "municipality": municipality.pk})


def test_seed_upload_preview_confirm(client, world):
    client.force_login(world.home.officer)
    job, page = _read(client, world.home.municipality)
    assert page.status_code == 200 and job.state == "preview"
    text = page.content.decode()
    assert "Об утверждении Дорожной карты по формированию объективной ВСОКО в каждой ОО" in text
    assert "Мероприятие № 1: Срок «Апрель 2022 г.» раньше даты приказа (25.07.2022)" in text
    assert "Мероприятие № 9: Срок «Февраль-март 2022 г.» раньше даты приказа (25.07.2022)" in text
    assert text.count('data-item="') == 10
    assert "25.07.2022" in text and "01.04.2022 – 30.04.2022" in text
    assert Roadmap.objects.count() == 2
    done = confirm(client, job).content.decode()
    roadmap = Roadmap.objects.exclude(pk__in=[world.home.roadmap.pk, world.away.roadmap.pk]).get()
    assert job.state == "done" and job.result_url == reverse("roadmaps:roadmap_detail", args=[roadmap.pk])
    assert job.result_url in done and "мероприятий: 10" in done
    assert roadmap.municipality == world.home.municipality and roadmap.items.count() == 10
    assert roadmap.order.number == "340"
    assert client.get(job.result_url).status_code == 200


def test_same_order_twice_is_shown_and_refused(client, world):
    client.force_login(world.home.officer)
    confirm(client, _read(client, world.home.municipality)[0])
    items = RoadmapItem.objects.count()
    job, page = _read(client, world.home.municipality)
    page = page.content.decode()
    assert "уже есть в портале" in page and 'id="import-confirm"' not in page
    page = confirm(client, job).content.decode()  # a forged confirm: the worker refuses, back to the preview
    assert job.state == "preview" and "Ничего не записано" in job.error and "уже есть" in job.error
    assert job.error in page and RoadmapItem.objects.count() == items


def test_cancel_discards_the_pending_import(client, world):
    client.force_login(world.home.officer)
    job, _ = _read(client, world.home.municipality)
    response = client.post(reverse("jobs:import_cancel", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("roadmaps:order_import")
    job.refresh_from_db()
    assert job.state == "cancelled" and not job.upload
    assert client.post(reverse("jobs:import_confirm", args=[job.pk])).status_code == 302
    run_queued_tasks()
    assert Order.objects.count() == 2


def test_officer_sees_no_municipality_choice(client, world):
    client.force_login(world.home.officer)
    page = client.get(reverse("roadmaps:order_import")).content.decode()
    assert f'type="hidden" name="municipality" value="{world.home.municipality.pk}"' in page
    client.force_login(world.admin)
    page = client.get(reverse("roadmaps:order_import")).content.decode()
    assert "<select" in page and world.away.municipality.short_name in page


def _roadmap_text(items: int) -> bytes:
    rows = "\n".join(f"{n}.\tМероприятие {n}\tоктябрь 2022 г.\tИванов{n} И.И., методист, КОиН, руководители ОО"
                     for n in range(1, items + 1))
    return f"Дорожная карта на 2022-2023 учебный год\n\n№\tМероприятие\tСрок\tОтветственный\n{rows}\n".encode()


def test_preview_query_count_does_not_grow_with_the_document(client, world):
    client.force_login(world.home.officer)
    counts = []
    for size in (3, 30):
        job, _ = _read(client, world.home.municipality, SimpleUploadedFile("карта.txt", _roadmap_text(size)))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Excel downloads ---------------------------------------------------------------------------------------

def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_roadmap_export_is_the_page_as_excel_with_its_filters(client, world):
    roadmap = world.home.roadmap
    RoadmapItem.objects.filter(roadmap=roadmap, number="2").update(status=Status.DONE)
    client.force_login(world.home.officer)
    response = client.get(reverse("roadmaps:roadmap_export", args=[roadmap.pk]), {"status": Status.DONE})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = _workbook(response).active
    assert sheet["A1"].value == roadmap.title
    assert "отбор: статус «Выполнено»" in sheet["A2"].value
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == ["2"]
    assert rows[0][6] == "Выполнено"


def test_roadmap_export_query_count_does_not_grow_with_the_roadmap(client, world):
    client.force_login(world.home.officer)
    roadmap = world.home.roadmap
    counts = []
    for extra in (0, 30):
        add_items(roadmap, extra, start_position=100)
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(reverse("roadmaps:roadmap_export", args=[roadmap.pk])).streaming_content)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_summary_export_is_scoped(client, world):
    client.force_login(world.home.officer)
    rows = list(_workbook(client.get(reverse("roadmaps:summary_export"))).active.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == [world.home.municipality.name]
    client.force_login(world.regional)
    rows = list(_workbook(client.get(reverse("roadmaps:summary_export"))).active.iter_rows(min_row=4, values_only=True))
    assert sorted(r[0] for r in rows) == sorted([world.home.municipality.name, world.away.municipality.name, "Итого"])


@pytest.mark.parametrize(("role", "expected"), [("admin", 4), ("regional", 4), ("municipal", 2), ("school_head", 1)])
def test_schools_export_is_scoped(client, world, role, expected):
    client.force_login(world.user(role))
    rows = list(_workbook(client.get(reverse("roadmaps:schools_export"))).active.iter_rows(min_row=4, values_only=True))
    assert len(rows) == expected


def test_schools_export_lists_new_school(client, world):
    make_school(world.home.municipality, short_name="МБОУ «Новая школа»")
    client.force_login(world.home.officer)
    rows = list(_workbook(client.get(reverse("roadmaps:schools_export"))).active.iter_rows(min_row=4, values_only=True))
    assert "МБОУ «Новая школа»" in [r[2] for r in rows]

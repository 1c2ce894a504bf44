"""The column-mapping step of the web import: a table whose headers the importer cannot place goes to a page
where the officer says which column is which; the choice is carried through preview and confirm."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmaps.models import Roadmap
from roadmaps.tests.test_import_web import _read, import_urls  # noqa: F401 (fixture)
from tests.imports import confirm, run_queued_tasks

pytestmark = pytest.mark.django_db

UNKNOWN = ("План работы на 2022-2023 учебный год\n\nЧто делаем\tКогда\tКто\n"
           "Семинар для директоров\tоктябрь 2022 г.\tКОиН\nМониторинг сайтов ОО\tноябрь 2022 г.\tРуководители ОО\n")


def unknown_table(columns: int = 3) -> SimpleUploadedFile:
    extra = "".join(f"\tЗаметка {n}" for n in range(columns - 3))
    lines = UNKNOWN.split("\n")
    text = "\n".join(lines[:2] + [lines[2] + extra] + [line + extra if line else line for line in lines[3:]])
    return SimpleUploadedFile("план.txt", text.encode("utf-8"), content_type="text/plain")


MAPPING = {"column_0": "activity", "column_1": "deadline", "column_2": "responsible"}


def _pending_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _mapping_step(client, world, columns: int = 3):
    """Upload a table whose headers say nothing; the worker reads it and asks for the columns."""
    job, page = _read(client, world.home.municipality, unknown_table(columns))
    assert job.state == "preview" and "columns_needed" in job.preview
    return job, reverse("roadmaps:order_import_columns", args=[job.pk])


def test_unknown_headers_lead_to_the_mapping_step(client, world):
    client.force_login(world.home.officer)
    job, page = _read(client, world.home.municipality, unknown_table())
    page = page.content.decode()
    assert "Что делаем" in page and "Семинар для директоров" in page and 'name="column_2"' in page
    assert 'id="import-confirm"' not in page
    assert len(_pending_files()) == 1
    # Confirm waits for the columns.
    client.post(reverse("jobs:import_confirm", args=[job.pk]))
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == "preview" and Roadmap.objects.count() == 2


def test_mapping_carried_through_preview_and_confirm(client, world):
    client.force_login(world.home.officer)
    job, columns_url = _mapping_step(client, world)
    response = client.post(columns_url, MAPPING)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    run_queued_tasks()
    page = client.get(response["Location"]).content.decode()
    assert "Столбцы указаны вручную: 1 — Мероприятие; 2 — Срок; 3 — Ответственный исполнитель." in page
    assert page.count('data-item="') == 2 and "01.10.2022 – 31.10.2022" in page
    confirm(client, job)
    assert _pending_files() == []  # written: the kept file is gone
    roadmap = Roadmap.objects.exclude(pk__in=[world.home.roadmap.pk, world.away.roadmap.pk]).get()
    assert [(i.number, i.activity, i.deadline_text, i.all_schools) for i in roadmap.items.order_by("position")] == [
        ("1", "Семинар для директоров", "октябрь 2022 г.", False),
        ("2", "Мониторинг сайтов ОО", "ноябрь 2022 г.", True),
    ]
    assert roadmap.items.get(number="1").responsible_organizations.get().short_name == "КОиН"


BAD_MAPPINGS = [
    ({"column_0": "", "column_1": "deadline", "column_2": "responsible"}, "Укажите столбец «Мероприятие»"),
    ({"column_0": "activity", "column_1": "activity", "column_2": ""}, "выбран для двух столбцов"),
    ({"column_0": "activity", "column_1": "nonsense", "column_2": ""}, "Выберите корректный вариант"),
]


@pytest.mark.parametrize(("data", "message"), BAD_MAPPINGS, ids=[m for _, m in BAD_MAPPINGS])
def test_bad_mapping_is_refused_in_russian(client, world, data, message):
    client.force_login(world.home.officer)
    _, columns_url = _mapping_step(client, world)
    response = client.post(columns_url, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert Roadmap.objects.count() == 2 and len(_pending_files()) == 1


def test_odd_mapping_is_read_and_can_be_cancelled(client, world):
    client.force_login(world.home.officer)
    job, columns_url = _mapping_step(client, world)
    response = client.post(columns_url, {"column_0": "", "column_1": "activity", "column_2": "deadline"})
    assert response.status_code == 302  # «Когда» as the activity is odd but readable: the preview shows it
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == "preview" and "document" in job.preview
    response = client.post(reverse("jobs:import_cancel", args=[job.pk]))
    assert response.status_code == 302


def test_cancel_removes_the_kept_file(client, world):
    client.force_login(world.home.officer)
    job, columns_url = _mapping_step(client, world)
    assert len(_pending_files()) == 1
    client.post(reverse("jobs:import_cancel", args=[job.pk]))
    assert _pending_files() == []
    response = client.post(columns_url, MAPPING)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == "cancelled"


def test_someone_elses_mapping_step_is_not_found(client, world):
    client.force_login(world.home.officer)
    _, columns_url = _mapping_step(client, world)
    client.force_login(world.away.officer)
    assert client.get(columns_url).status_code == 405
    assert client.post(columns_url, MAPPING).status_code == 404


def test_mapping_page_query_count_does_not_grow_with_the_columns(client, world):
    client.force_login(world.home.officer)
    counts = []
    for columns in (3, 12):
        job, _ = _mapping_step(client, world, columns)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

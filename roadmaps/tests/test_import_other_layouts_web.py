"""Other authorities' documents through the web import: the approving act read from the appendix header is
shown in the preview, and a recurring deadline keeps its mark on the roadmap page."""
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmaps.models import Roadmap
from roadmaps.tests.test_import_web import _read, import_urls  # noqa: F401 (fixture)
from tests.imports import confirm

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize(("name", "shown"), [
    ("krasnodar_gia11_2016.txt", "Приказ — Министерство образования и науки Краснодарского края от 13.11.2015 № 5976."),
    ("sverdlovsk_2011.txt", "Издавший орган не указан: дорожная карта будет загружена без акта."),
])
def test_preview_shows_the_act_from_the_appendix_header(client, world, name, shown):
    client.force_login(world.home.officer)
    upload = SimpleUploadedFile(name, (CORPUS / name).read_bytes())
    page = _read(client, world.home.municipality, upload)[1].content.decode()
    assert "Утверждающий акт (из заголовка приложения)" in page and " ".join(shown.split()) in " ".join(page.split())


def test_recurring_deadline_is_marked_in_preview_and_on_the_roadmap(client, world):
    client.force_login(world.home.officer)
    upload = SimpleUploadedFile("sverdlovsk_2011.txt", (CORPUS / "sverdlovsk_2011.txt").read_bytes())
    job, page = _read(client, world.home.municipality, upload)
    assert '<span class="badge text-bg-secondary">еженедельно</span>' in page.content.decode()
    confirm(client, job)
    roadmap = Roadmap.objects.exclude(pk__in=[world.home.roadmap.pk, world.away.roadmap.pk]).get()
    assert roadmap.order is None
    page = client.get(reverse("roadmaps:roadmap_detail", args=[roadmap.pk])).content.decode()
    assert '<span class="badge text-bg-secondary">еженедельно</span>' in page

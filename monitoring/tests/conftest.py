import pytest


@pytest.fixture
def synced_world(world):
    """The shared world with per-school tasks created the way production creates them."""
    from monitoring.services import school_tasks_sync

    school_tasks_sync()
    return world


@pytest.fixture
def pdf_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name: str = "приказ.pdf"):
        return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")

    return make


@pytest.fixture
def campaign(world):
    """The home municipality's November website check for the «Положение о ВСОКО», tied to the home item."""
    from datetime import date

    from monitoring.services import campaign_create
    from schools.models import LocalActKind

    return campaign_create(
        user=world.home.officer, municipality=world.home.municipality,
        title="Мониторинг сайтов ОО: Положение о ВСОКО, ноябрь 2022", period_start=date(2022, 11, 1),
        period_end=date(2022, 11, 30), item=world.home.item, act_kinds=LocalActKind.objects.filter(code="vsoko"),
    )

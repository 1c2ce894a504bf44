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

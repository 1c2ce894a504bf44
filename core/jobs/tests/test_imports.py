"""The shared import flow itself (core.imports), with a kind made for the test: all or nothing, once only,
a cancel while reading wins, abandoned uploads go, the cap."""
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import imports
from core.jobs.models import BackgroundJob
from monitoring.sitecheck.tests.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


def _parse(run):
    with run.open() as file:
        names = file.read().decode().split()
    if "плохо" in names:
        raise ValidationError("Строка 2: «плохо» — не название группы.")
    run.progress(len(names), len(names))
    return {"names": names}


def _apply(run):
    for name in run.preview["names"]:
        Group.objects.create(name=name)  # the second «дубль» breaks the unique name: everything is rolled back
    return imports.Applied(f"Записано групп: {len(run.preview['names'])}.", "/groups/")


def _authorize(user, params):
    if not user.is_staff:
        raise PermissionDenied("Только сотрудникам.")


KIND = imports.register(imports.ImportKind(code="test_groups", title="Группы", upload_url="dashboard",
                                           preview_template="jobs/import_detail.html", authorize=_authorize,
                                           parse=_parse, apply=_apply))


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password="x", is_staff=True)


@pytest.fixture(autouse=True)
def _no_groups(db):
    """The sample import writes groups; start with none (``migrate`` made the officer groups)."""
    Group.objects.all().delete()


def _start(user, text: str) -> BackgroundJob:
    job = imports.import_start(user=user, kind=KIND, upload=SimpleUploadedFile("группы.txt", text.encode()))
    run_queued_tasks()
    job.refresh_from_db()
    return job


def test_read_then_written_once(staff):
    job = _start(staff, "первая вторая")
    assert (job.state, job.preview, job.done, job.total) == ("preview", {"names": ["первая", "вторая"]}, 2, 2)
    assert not Group.objects.exists()
    imports.import_confirm(job=job, user=staff)
    with pytest.raises(ValidationError, match="уже подтверждена"):
        imports.import_confirm(job=job, user=staff)
    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.state == "done" and job.result_label == "Записано групп: 2." and not job.upload
    assert sorted(Group.objects.values_list("name", flat=True)) == ["вторая", "первая"]


def test_writing_is_all_or_nothing(staff):
    job = _start(staff, "одна дубль дубль")
    imports.import_confirm(job=job, user=staff)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == "preview" and job.error.startswith("Ничего не записано")
    assert not Group.objects.exists()


def test_a_bad_file_fails_with_the_readers_message_and_is_dropped(staff):
    job = _start(staff, "хорошо плохо")
    assert job.state == "failed" and job.error == "Строка 2: «плохо» — не название группы." and not job.upload


def test_cancel_while_reading_wins(staff):
    job = imports.import_start(user=staff, kind=KIND, upload=SimpleUploadedFile("группы.txt", "одна".encode()))
    imports.import_cancel(job=job, user=staff)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == "cancelled" and not job.upload and job.preview == {}


def test_someone_out_of_scope_cannot_start_or_confirm(staff, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x")
    with pytest.raises(PermissionDenied):
        imports.import_start(user=stranger, kind=KIND, upload=SimpleUploadedFile("группы.txt", b"x"))
    job = _start(staff, "одна")
    staff.is_staff = False
    staff.save()
    with pytest.raises(PermissionDenied):
        imports.import_confirm(job=job, user=staff)


def test_abandoned_uploads_older_than_a_day_are_swept(staff, settings):
    old, recent, writing = _start(staff, "старая"), _start(staff, "новая"), _start(staff, "пишется")
    imports.import_confirm(job=writing, user=staff)  # queued for writing: never swept, however old
    path = old.upload.path
    long_ago = timezone.now() - timedelta(seconds=settings.IMPORT_PENDING_MAX_AGE + 60)
    BackgroundJob.objects.filter(pk__in=[old.pk, writing.pk]).update(created_at=long_ago)
    assert imports.imports_sweep() == 1
    import os

    assert not BackgroundJob.objects.filter(pk=old.pk).exists() and not os.path.exists(path)
    assert BackgroundJob.objects.filter(pk__in=[recent.pk, writing.pk]).count() == 2


def test_above_the_cap_is_refused_in_russian(staff, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="слишком большой"):
        imports.import_start(user=staff, kind=KIND, upload=SimpleUploadedFile("группы.txt", b"x" * 11))
    assert not BackgroundJob.objects.exists()

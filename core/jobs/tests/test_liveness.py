"""A job whose worker died is not «выполняется» for ever: with no heartbeat for JOB_STALE_AFTER seconds it is
interrupted when read (or when anyone uploads, or a worker starts a job), with a Russian message that says what to
do; a worker that was merely slow cannot finish what was interrupted, and an import is never written twice."""
import threading
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, connections
from django.urls import reverse
from django.utils import timezone

from core import imports
from core.jobs import liveness
from core.jobs.models import BackgroundJob
from core.jobs.services import export_job_run, export_job_start
from monitoring.sitecheck.tests.worker import run_queued_tasks

pytestmark = pytest.mark.django_db
SLEEPY = {"interrupt": False, "swept": None}


@pytest.fixture(autouse=True)
def _no_groups(db):
    """The sample import writes groups; start with none (``migrate`` made the officer groups)."""
    Group.objects.all().delete()


def _parse(run):
    with run.open() as file:
        return {"names": file.read().decode().split()}


def _apply(run):
    for name in run.preview["names"]:
        Group.objects.create(name=name)
    if SLEEPY["interrupt"]:  # another process takes this slow writer for dead while it is still writing
        SLEEPY["interrupt"] = False
        sweeper = threading.Thread(target=_sweep_elsewhere, args=(run.job.pk,))
        sweeper.start()
        sweeper.join()
    return imports.Applied(f"Записано групп: {len(run.preview['names'])}.", "/groups/")


def _sweep_elsewhere(pk: int) -> None:
    try:
        BackgroundJob.objects.filter(pk=pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        SLEEPY["swept"] = liveness.jobs_interrupt_stale()
    except DatabaseError:  # SQLite: the writer holds the database, the sweep cannot even stamp
        SLEEPY["swept"] = 0
    finally:
        connections.close_all()


KIND = imports.register(imports.ImportKind(code="test_liveness", title="Группы", upload_url="dashboard",
                                           preview_template="jobs/import_detail.html",
                                           authorize=lambda user, params: None, parse=_parse, apply=_apply))


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("officer", password="x", is_staff=True)


def _upload(user) -> BackgroundJob:
    return imports.import_start(user=user, kind=KIND, upload=SimpleUploadedFile("группы.txt", "один два".encode()))


def _die(job: BackgroundJob, stage: str, *, silent_for: int) -> BackgroundJob:
    """What a worker killed mid-run leaves behind: a claimed, running job whose heartbeat stopped."""
    BackgroundJob.objects.filter(pk=job.pk).update(state="running", stage=stage, attempt=1,
                                                   heartbeat_at=timezone.now() - timedelta(seconds=silent_for))
    job.refresh_from_db()
    return job


def test_a_dead_reading_is_shown_failed_when_its_page_is_read(client, officer, settings):
    settings.JOB_STALE_AFTER = 300
    job = _die(_upload(officer), imports.READING, silent_for=301)
    client.force_login(officer)
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["state"] == "failed" and status["state_label"] == "ошибка"
    assert status["error"] == ("Обработка прервана: фоновый обработчик перестал отвечать (нет отметок о работе "
                               "дольше 5 мин.). Загрузите файл снова.")
    job.refresh_from_db()
    assert not job.upload and job.finished_at
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Обработка прервана" in page and "Загрузить другой файл" in page
    # the slow worker, had it lived, cannot turn it back into a preview
    assert imports._finish(job, state="preview", preview={"names": []}) is False
    assert BackgroundJob.objects.get(pk=job.pk).state == "failed"


def test_a_job_with_a_fresh_heartbeat_keeps_running(client, officer, settings):
    settings.JOB_STALE_AFTER = 300
    job = _die(_upload(officer), imports.READING, silent_for=299)
    client.force_login(officer)
    assert client.get(reverse("jobs:status", args=[job.pk])).json()["state_label"] == "выполняется"
    assert liveness.jobs_interrupt_stale(now=timezone.now() + timedelta(seconds=2)) == 1  # two seconds later: dead


def test_a_dead_writing_goes_back_to_the_preview_and_is_confirmed_again(client, officer):
    job = _upload(officer)
    run_queued_tasks()
    job.refresh_from_db()
    imports.import_confirm(job=job, user=officer)
    job = _die(job, imports.WRITING, silent_for=3600)  # the worker died: its transaction was rolled back
    imports.imports_sweep()  # anyone's upload sweeps too
    job.refresh_from_db()
    assert job.state == "preview" and job.error.startswith("Запись прервана") and "Ничего не записано" in job.error
    assert job.upload  # kept: the officer confirms again
    imports.import_confirm(job=job, user=officer)
    run_queued_tasks()  # the dead worker's task, never run, and the new one: the job is written once
    job.refresh_from_db()
    assert job.state == "done" and sorted(Group.objects.values_list("name", flat=True)) == ["два", "один"]


@pytest.mark.django_db(transaction=True)
def test_a_slow_writer_swept_by_another_process_never_writes_twice(officer):
    """PostgreSQL: the sweep commits beside the open writing, whose own outcome then finds the row taken and rolls
    back; SQLite: the writer holds the database and the sweep is refused. Either way: written once."""
    job = _upload(officer)
    run_queued_tasks()
    job.refresh_from_db()
    imports.import_confirm(job=job, user=officer)
    SLEEPY["interrupt"] = True
    run_queued_tasks()
    job.refresh_from_db()
    assert SLEEPY["swept"] == (1 if connection.vendor == "postgresql" else 0)
    if SLEEPY["swept"]:
        assert job.state == "preview" and job.error.startswith("Запись прервана")
        assert not Group.objects.exists()  # the slow writer's rows were rolled back with its transaction
        imports.import_confirm(job=job, user=officer)
        run_queued_tasks()
        job.refresh_from_db()
    assert job.state == "done" and Group.objects.count() == 2


def test_a_dead_export_fails_and_a_late_finish_is_dropped(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = export_job_start(user=world.home.officer, kind="compliance", params={"roadmap": world.home.roadmap.pk},
                               filename="Исполнение.xlsx")
    job = _die(job, "", silent_for=3600)
    client.force_login(world.home.officer)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Обработка прервана" in page and "Закажите файл снова." in page
    assert BackgroundJob.objects.get(pk=job.pk).state == "failed"
    # the worker's task, delivered late, does not build the file again
    assert export_job_run(job=BackgroundJob.objects.get(pk=job.pk)).state == "failed"
    assert not BackgroundJob.objects.get(pk=job.pk).result


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_stamps_a_running_job(officer, settings):
    settings.JOB_HEARTBEAT_INTERVAL = 0.05
    job = BackgroundJob.objects.create(owner=officer, kind="compliance", title="x", state="running", attempt=1,
                                       heartbeat_at=timezone.now() - timedelta(hours=1))
    with liveness.heartbeat(job):
        deadline = time.monotonic() + 5
        while BackgroundJob.objects.get(pk=job.pk).heartbeat_at < timezone.now() - timedelta(minutes=1):
            assert time.monotonic() < deadline, "no heartbeat"
            time.sleep(0.05)
    assert liveness.jobs_interrupt_stale() == 0
    BackgroundJob.objects.filter(pk=job.pk).update(attempt=2)  # claimed again: the old claim's beats do nothing
    assert liveness.beat(job) == 0

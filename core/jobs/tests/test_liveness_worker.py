"""A real worker process dies mid-job: `manage.py db_worker` claims an import and blocks reading its file (a named
pipe nobody writes), its heartbeat thread keeps the job alive while it waits — the sweep leaves a slow worker
alone —, then the worker is killed (SIGKILL: no clean-up runs) and the officer's next look at the job's status
shows it interrupted, in Russian, with what to do. SQLite (a file database) and PostgreSQL alike, on the database
queue and on RQ (Redis)."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.worker import BASE_DIR, TEST_REDIS_URL, database_worker_env, empty_redis, manage

pytestmark = pytest.mark.django_db(transaction=True)

START = """
import json
from django.core.files.uploadedfile import SimpleUploadedFile
from core.imports import import_start
from monitoring.vpr.import_flow import VPR_IMPORT
from monitoring.vpr.samples import fis_rows, xlsx_bytes
from monitoring.vpr.tests.conftest import small_schools
from tests.factories import build_world
world = build_world()
rows = fis_rows(year=2026, subject="Русский язык", grade=4, schools=small_schools())
job = import_start(user=world.home.officer, kind=VPR_IMPORT, upload=SimpleUploadedFile("результаты.xlsx", xlsx_bytes(rows)))
print(json.dumps({"job": job.pk, "path": job.upload.path}))
"""

STATE = """
import json
from core.jobs.models import BackgroundJob
job = BackgroundJob.objects.get(pk={job})
print(json.dumps({{"state": job.state, "beat": job.heartbeat_at.isoformat() if job.heartbeat_at else None,
                   "attempt": job.attempt}}))
"""

# What the officer's browser polls (jobs:status), as the officer.
STATUS = """
import json
from django.test import Client
from core.jobs.models import BackgroundJob
job = BackgroundJob.objects.select_related("owner").get(pk={job})
client = Client(HTTP_HOST="localhost")
client.force_login(job.owner)
status = client.get("/jobs/{job}/status.json")
job.refresh_from_db()
print(json.dumps({{"http": status.status_code, "status": status.json(), "upload": bool(job.upload)}}))
"""


def _json(result) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def _descendants(pid: int) -> list[int]:
    """The processes under ``pid`` (from /proc): the RQ worker's forked work horse runs the job."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _wait(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


WORKERS = {
    "db": ["db_worker", "--interval", "0.2"],
    "rq": ["rqworker", "--job-class", "django_tasks_rq.Job", "default"],  # the job runs in a forked work horse
}


@pytest.mark.parametrize("backend", sorted(WORKERS))
def test_a_killed_worker_leaves_a_job_that_is_shown_interrupted(tmp_path, backend):
    env = {**database_worker_env(tmp_path), "MEDIA_ROOT": str(tmp_path / "media"), "JOB_HEARTBEAT_INTERVAL": "0.3",
           "JOB_STALE_AFTER": "3"}
    if backend == "rq":
        empty_redis(TEST_REDIS_URL)
        env.update(TASKS_BACKEND="rq", REDIS_URL=TEST_REDIS_URL)
    started = _json(manage(["shell", "-c", START], env))
    os.remove(started["path"])
    os.mkfifo(started["path"])  # the worker's open() waits for a writer that never comes: a job «in progress»
    state = lambda: _json(manage(["shell", "-c", STATE.format(job=started["job"])], env))  # noqa: E731
    status = lambda: _json(manage(["shell", "-c", STATUS.format(job=started["job"])], env))  # noqa: E731
    worker = subprocess.Popen([sys.executable, str(BASE_DIR / "manage.py"), *WORKERS[backend]],
                              cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        first = _wait(lambda: (s := state())["state"] == "running" and s, "the worker to claim the job")
        assert first["attempt"] == 1
        time.sleep(4)  # longer than JOB_STALE_AFTER: only the heartbeat keeps the blocked job alive
        alive = status()
        assert alive["status"]["state_label"] == "выполняется", alive  # a slow worker is not taken for dead
        assert state()["beat"] > first["beat"]
    finally:
        for pid in [*_descendants(worker.pid), worker.pid]:  # RQ's work horse leaves the worker's process group
            os.kill(pid, signal.SIGKILL)  # dies mid-run: nothing of it gets to clean up
        worker.wait(timeout=30)
    time.sleep(4)  # the last heartbeat grows older than JOB_STALE_AFTER
    dead = status()
    assert dead["http"] == 200 and dead["status"]["state"] == "failed"
    assert dead["status"]["error"].startswith("Обработка прервана: фоновый обработчик перестал отвечать")
    assert dead["status"]["error"].endswith("Загрузите файл снова.")
    assert not dead["upload"] and not os.path.exists(started["path"])  # the upload (here the pipe) is gone

"""A task enqueued through each backend is executed by a real worker process (not the immediate backend).

Database backend: `manage.py db_worker` on SQLite and on PostgreSQL (whichever the suite runs on).
RQ backend: `manage.py rqworker` against the Redis server on 127.0.0.1:6379 (DB 4); Redis down is a failure.
"""

import json
import os

import pytest

from tests.worker import BASE_DIR, TEST_REDIS_URL, database_worker_env, empty_redis, manage, rq_worker_env

ENQUEUE = (
    "from portal.tasks import worker_ping; r = worker_ping.enqueue({text!r}); print(r.id)"
)
RESULT = (
    "import json; from django_tasks import default_task_backend as b; r = b.get_result({id!r}); "
    "print(json.dumps({{'status': str(r.status), 'value': r.return_value if r.is_finished else None}}))"
)


def _run_through_worker(env: dict, worker_args: list[str]) -> dict:
    task_id = manage(["shell", "-c", ENQUEUE.format(text="воркер")], env).stdout.strip().splitlines()[-1]
    before = json.loads(manage(["shell", "-c", RESULT.format(id=task_id)], env).stdout.strip().splitlines()[-1])
    assert before["status"].endswith("READY"), before
    manage(worker_args, env, timeout=120)
    return json.loads(manage(["shell", "-c", RESULT.format(id=task_id)], env).stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("worker_args", [
    ["db_worker", "--batch", "--queue-name", "default", "--interval", "0.1"],
    ["db_worker_threads", "--threads", "3", "--batch", "--interval", "0.1"],
], ids=["db_worker", "db_worker_threads"])
def test_database_backend_task_runs_in_a_worker_process(tmp_path, worker_args):
    after = _run_through_worker(database_worker_env(tmp_path), worker_args)
    assert after["status"].endswith("SUCCESSFUL"), after
    assert after["value"] == "рекров"


def test_rq_backend_task_runs_in_rq_worker_process():
    empty_redis(TEST_REDIS_URL)
    env = rq_worker_env()
    after = _run_through_worker(env, ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"])
    assert after["status"].endswith("SUCCESSFUL"), after
    assert after["value"] == "рекров"


def test_allow_private_refused_by_the_production_profile():
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_PROFILE": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "vsoko.example.ru",
           "SITECHECK_ALLOW_PRIVATE": "1"}
    result = subprocess.run([sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True,
                            cwd=str(BASE_DIR))
    assert result.returncode != 0
    assert "SITECHECK_ALLOW_PRIVATE" in result.stderr

"""Helpers for tests that run a real background worker in a subprocess (database or RQ backend)."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
# One Redis database per pytest-xdist worker (gw0 → 4, gw1 → 5, …): parallel test processes never share a queue.
_XDIST_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{4 + _XDIST_INDEX}")


def manage(args: list[str], env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """``manage.py ARGS`` in a subprocess; a non-zero exit fails with its output."""
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def database_worker_env(tmp_path: Path) -> dict:
    """Environment for a subprocess that shares a database with the test.

    PostgreSQL: the test database pytest-django created (the test must use ``transactional_db`` so that what it
    writes is committed). SQLite: pytest's database lives in memory, out of a subprocess's reach, so a file
    database is migrated for the worker and the test talks to it through subprocesses only.
    """
    env = {**os.environ, "TASKS_BACKEND": "db", "DJANGO_PROFILE": "dev", "SITECHECK_ALLOW_PRIVATE": "1"}
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    else:
        path = tmp_path / "worker.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
        manage(["migrate", "--noinput"], env, timeout=300)
    return env


def rq_worker_env() -> dict:
    return {**os.environ, "TASKS_BACKEND": "rq", "REDIS_URL": TEST_REDIS_URL, "SITECHECK_ALLOW_PRIVATE": "1"}

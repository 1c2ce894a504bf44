"""Helpers for tests that run a real background worker in a subprocess (database or RQ backend)."""

import os
import shutil
import subprocess
import sys
import tempfile
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
        shutil.copyfile(_migrated_sqlite(env), path)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    return env


_MIGRATED: dict[str, Path] = {}


def _migrated_sqlite(env: dict) -> Path:
    """A freshly migrated SQLite file, migrated once per test session and copied for each test."""
    if "path" not in _MIGRATED:
        path = Path(tempfile.mkdtemp(prefix="worker-db-")) / "migrated.sqlite3"
        manage(["migrate", "--noinput"], {**env, "DATABASE_URL": f"sqlite:///{path}"}, timeout=300)
        _MIGRATED["path"] = path
    return _MIGRATED["path"]


def rq_worker_env() -> dict:
    return {**os.environ, "TASKS_BACKEND": "rq", "REDIS_URL": TEST_REDIS_URL, "SITECHECK_ALLOW_PRIVATE": "1"}


def empty_redis(url: str):
    """The test's own Redis database, emptied; Redis down is a failure (never a skip)."""
    import pytest
    import redis

    connection = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        connection.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is not reachable at {url}: {error}", pytrace=False)
    connection.flushdb()
    return connection

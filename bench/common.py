"""What the page benchmarks share: a throwaway test database and the timing of a page through the test Client.

A script under bench/ runs as `python bench/<script>.py`, so this folder is first on its path: `from common import ...`.
"""
import argparse
import statistics
import time
from contextlib import contextmanager


@contextmanager
def throwaway_database():
    """Django set up on a fresh test database (SQLite in memory by default; PostgreSQL when DATABASE_URL says so),
    dropped on the way out. Yields the connection."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def scale_args(doc: str, *, schools: int, per_school: str, default: int, runs: int = 5) -> argparse.Namespace:
    """The command line of a bench at scale: --schools, --<per_school> (how many of a thing each school has), --runs."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schools", type=int, default=schools)
    parser.add_argument(f"--{per_school}", type=int, default=default)
    parser.add_argument("--runs", type=int, default=runs)
    return parser.parse_args()


@contextmanager
def built(build, *sizes, described: str):
    """A throwaway database with ``build(*sizes)`` in it (timed, and said in a line); yields what it returns."""
    with throwaway_database() as connection:
        started = time.perf_counter()
        made = build(*sizes)
        print(f"Данные: {described} ({connection.vendor}), построено за {time.perf_counter() - started:.1f} с")
        yield made


def measure(client, url: str, runs: int) -> tuple[float, int, int]:
    """The median time of a GET (ms), its number of SQL queries and the size of the answer (bytes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, session)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000, len(ctx), len(response.content)


LABEL = 34  # the width of the first column


def print_pages(user, pages: list[tuple[str, str]], runs: int) -> None:
    """One line a page, read as `user`: the median time, the queries and the size."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    print(f"{'страница':<{LABEL}} {'мс (медиана)':>13} {'запросов':>9} {'КБ':>7}")
    for label, url in pages:
        ms, queries, size = measure(client, url, runs)
        print(f"{label:<{LABEL}} {ms:>13.1f} {queries:>9} {size / 1024:>7.0f}")


def print_timed(label: str, started: float, count: int, unit: str) -> None:
    """A line for work timed outside the Client (from `started`, a perf_counter reading): time and a count."""
    print(f"{label:<{LABEL}} {(time.perf_counter() - started) * 1000:>13.1f} {'—':>9} {count:>5} {unit}")

"""The mixed officer workload under gunicorn, against the plain page's requests per second.

    .venv/bin/python bench/bench_national.py --build-only        # once: the national data set (or --keep)
    .venv/bin/python bench/load.py [--duration 30] [--connections 20] [--workers 2] [--port 8765]

Starts gunicorn (``--workers`` sync workers, loopback) on the national database (bench_settings: the portal plus
the plain page), then runs two phases of ``--duration`` seconds with ``--connections`` concurrent clients,
each signed in as the officer of the 1,000-school municipality:
1. the plain page (50 rows of a query through a template) — the reference requests per second;
2. the officer's mixed workload: the dashboard, matrix pages, compliance rates, a school task's page, and status
   changes of school tasks (GET the task, POST a new status with its version: the optimistic lock is exercised).
Prints requests per second of both, their ratio (target ≥ 0.5), p50/p95 per kind and the errors: any 5xx,
unexpected status or failed connection is an error (a 409 edit conflict is counted apart — it is the
portal's answer to two people saving one task). Exit status 1 on any error or a missed target.
"""
import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_national"
TARGET = 0.5
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'id="status-form".*?name="version" value="(\d+)"', re.S)
CURRENT_STATUS = re.compile(r'id="status-form".*?<option value="(\w+)" selected', re.S)


def session_cookie(username: str) -> str:
    """A signed-in session for ``username``, made directly in the session store."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


class Client:
    def __init__(self, port: int, session: str):
        self.port = port
        self.cookies = {"sessionid": session}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()


def run_phase(port: int, session: str, duration: float, connections: int, pick) -> dict:
    """``pick(client, rng) -> list of (kind, method, path, body, expected statuses)`` steps, repeated."""
    stop = time.monotonic() + duration
    lock = threading.Lock()
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    conflicts = [0]
    count = [0]

    def worker(seed: int):
        rng = random.Random(seed)
        client = Client(port, session)
        while time.monotonic() < stop:
            state = {}
            for kind, method, path, body, expected in pick(client, rng, state):
                if callable(body):
                    body = body(state)
                start = time.perf_counter()
                try:
                    status, text = client.request(method, path, body)
                except Exception as error:  # noqa: BLE001 — every failure is reported
                    with lock:
                        errors.append(f"{kind}: {error!r}")
                    break
                elapsed = time.perf_counter() - start
                state["text"] = text
                with lock:
                    count[0] += 1
                    timings[kind].append(elapsed)
                    if status == 409:
                        conflicts[0] += 1
                    elif status not in expected:
                        errors.append(f"{kind} {method} {path}: HTTP {status}")
                if status not in expected:
                    break

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"rps": count[0] / elapsed, "requests": count[0], "timings": timings, "errors": errors,
            "conflicts": conflicts[0]}


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn не запустился")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()
    from django.urls import reverse

    from bench_national import BIG
    from monitoring.models import SchoolTask
    from roadmaps.models import Roadmap

    roadmap = Roadmap.objects.get(municipality__short_name=BIG)
    task_ids = list(
        SchoolTask.objects.filter(school__municipality=roadmap.municipality, school__is_active=True)
        .values_list("pk", flat=True)
    )
    session = session_cookie("bench_officer")
    plain = reverse("bench_plain")
    matrix = reverse("monitoring:compliance_matrix")
    pages = [
        ("дашборд", reverse("dashboard")),
        ("показатели", reverse("monitoring:compliance_rates")),
    ]
    ok = {200}

    def pick_plain(client, rng, state):
        return [("простая", "GET", plain, None, ok)]

    def pick_mixed(client, rng, state):
        roll = rng.random()
        if roll < 0.15:
            kind, path = pages[rng.randrange(len(pages))]
            return [(kind, "GET", path, None, ok)]
        if roll < 0.45:
            return [("матрица", "GET", f"{matrix}?roadmap={roadmap.pk}&page={rng.randint(1, 20)}", None, ok)]
        task = rng.choice(task_ids)
        page = reverse("monitoring:task_detail", args=[task])
        if roll < 0.7:
            return [("задача", "GET", page, None, ok)]

        def form(state):
            text = state.get("text", "")
            token = CSRF_INPUT.search(text)
            version = VERSION_INPUT.search(text)
            current = CURRENT_STATUS.search(text)
            return {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "status": rng.choice([s for s in ("in_progress", "done", "not_started")
                                      if not (current and current.group(1) == s)]),
                "version": version.group(1) if version else "0",
                "comment": "нагрузочный тест",
            }

        return [
            ("задача", "GET", page, None, ok),
            ("смена статуса", "POST", reverse("monitoring:task_status", args=[task]), form, {302}),
        ]

    env = {**os.environ, "PYTHONPATH": f"{HERE}{os.pathsep}{ROOT}", "DEBUG": "0"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi:application", "--bind",
         f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        wait_for(args.port)
        Client(args.port, session).request("GET", plain)  # warm both workers' imports a little
        results = {}
        for name, pick in (("plain", pick_plain), ("mixed", pick_mixed), ("plain2", pick_plain)):
            results[name] = run_phase(args.port, session, args.duration, args.connections, pick)
    finally:
        server.terminate()
        server.wait(timeout=30)
    plain_rps = (results["plain"]["rps"] + results["plain2"]["rps"]) / 2
    mixed = results["mixed"]
    ratio = mixed["rps"] / plain_rps
    print(f"gunicorn: {args.workers} синхронных воркера, 127.0.0.1; {args.connections} одновременных соединений; "
          f"по {args.duration:g} с на фазу")
    print(f"Простая страница: {results['plain']['rps']:.1f} и {results['plain2']['rps']:.1f} запр./с (до и после)")
    print(f"Смешанная нагрузка специалиста МОУО: {mixed['rps']:.1f} запр./с ({mixed['requests']} запросов); "
          f"отношение {ratio:.2f} (цель ≥ {TARGET})")
    for kind, values in sorted(mixed["timings"].items()):
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"  {kind:<14} {len(values):>6} запр.  p50 {statistics.median(values) * 1000:>7.0f} мс  "
              f"p95 {p95 * 1000:>7.0f} мс")
    errors = mixed["errors"] + results["plain"]["errors"] + results["plain2"]["errors"]
    print(f"Ошибок: {len(errors)}; конфликтов правки (409): {mixed['conflicts']}")
    for error in errors[:10]:
        print("  ", error)
    print(f"Цель «смешанная нагрузка ≥ {TARGET}× простой»: {'PASS' if ratio >= TARGET else 'FAIL'} ({ratio:.2f}); "
          f"цель «без ошибок»: {'PASS' if not errors else 'FAIL'} ({len(errors)})")
    return 1 if errors or ratio < TARGET else 0


if __name__ == "__main__":
    sys.exit(main())

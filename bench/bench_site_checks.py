"""Automatic website checks at scale: N simulated school sites on loopback, checked through the worker.

    .venv/bin/python bench/bench_site_checks.py [--sites 1000] [--threads 64] [--sample 12] [--host-delay 0.2]

A site farm (one asyncio process, one listening socket per site on 127.0.0.1) answers like school sites do:
every response delayed 100–500 ms, one site in a hundred 3–5 s, one never answers; the ВСОКО act is a ~400 KB PDF,
the other acts DOCX/PDF. The portal's data lives in a throwaway database (SQLite file by default, a test database
on PostgreSQL when DATABASE_URL says so). Printed:

- through the worker: `sitecheck_start` enqueues one task per school, then `manage.py db_worker_threads --batch`
  (one process, --threads at once) runs them all; wall time, sites per minute, the worker's CPU seconds per site
  and its peak memory (from wait4);
- a plain sequential loop of the same task (`check_school_website.call`) on --sample sites spread over the
  farm (slow ones included in proportion), extrapolated to N sites;
- the ratio, and what checking 40,000 schools would cost in CPU.
"""

import argparse
import asyncio
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


# -- the site farm (its own process, so its CPU is not counted as the checker's) ------------------------------------
def site_pages() -> dict[str, tuple[str, bytes, int | None]]:
    from monitoring.sitecheck.tests.documents import make_docx, make_pdf

    def html(body: str) -> bytes:
        return f"<!doctype html><html><head><title>Школа</title></head><body>{body}</body></html>".encode()

    vsoko = make_pdf(["УТВЕРЖДЕНО приказом от 30.08.2022 № 123",
                      "Положение о внутренней системе оценки качества образования"], signed=True, padding=400_000)
    tek = make_docx(["Утверждено приказом директора № 45 от «31» августа 2022 г.",
                     "Положение о формах, периодичности и порядке текущего контроля успеваемости и промежуточной "
                     "аттестации"] + ["Раздел. " + "Текст положения. " * 40] * 60)
    menu = "".join(f"<li><a href='/news/{i}/'>Новость {i}</a></li>" for i in range(60))
    return {
        "/": ("text/html; charset=utf-8", html(f"<nav><a href='/sveden/'>Сведения об образовательной организации</a>"
                                               f"</nav><ul>{menu}</ul>"), None),
        "/sveden/": ("text/html; charset=utf-8", html("<a href='common/'>Основные сведения</a> "
                                                      "<a href='document/'>Документы</a>" + menu), None),
        "/sveden/document/": ("text/html; charset=utf-8", html(
            "<a itemprop='ustavDocLink' href='/files/ustav.pdf'>Устав</a>"
            "<a href='/files/vsoko.pdf'>Положение о ВСОКО</a>"
            "<a itemprop='tekKontrolDocLink' href='/files/tek.docx'>Положение о текущем контроле</a>" + menu), None),
        "/files/ustav.pdf": ("application/pdf", make_pdf(["Устав"], padding=150_000), 405),
        "/files/vsoko.pdf": ("application/pdf", vsoko, None),
        "/files/tek.docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", tek, None),
    }


def site_delay(index: int, sites: int) -> float | None:
    """Seconds each response of site ``index`` waits; None: never answers."""
    if index == sites - 1:
        return None
    rng = random.Random(index)
    if index % 100 == 50:
        return rng.uniform(3, 5)
    return rng.uniform(0.1, 0.5)


def farm(sites: int, pipe) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    pages = site_pages()

    async def serve(index: int, reader, writer):
        delay = site_delay(index, sites)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path = head.split(b" ", 2)[:2]
                if delay is None:
                    await asyncio.sleep(3600)
                await asyncio.sleep(delay)
                content_type, body, head_status = pages.get(path.decode().split("?")[0], ("text/html", b"404", 404))
                status = 404 if body == b"404" else (head_status if method == b"HEAD" and head_status else 200)
                payload = b"" if method == b"HEAD" else body
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: "
                    f"{0 if method == b'HEAD' and status != 200 else len(body)}\r\n\r\n".encode() + payload
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main():
        servers = []
        for index in range(sites):
            servers.append(await asyncio.start_server(
                lambda r, w, i=index: serve(i, r, w), "127.0.0.1", 0, backlog=64, reuse_address=True))
        pipe.send([s.sockets[0].getsockname()[1] for s in servers])
        await asyncio.Event().wait()

    asyncio.run(main())


# -- the portal side ----------------------------------------------------------------------------------------------
def setup_database(tmp: str) -> tuple[str, callable]:
    import django
    from django.core.management import call_command

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = f"sqlite:///{tmp}/bench.sqlite3?timeout=120&transaction_mode=IMMEDIATE"
        os.environ["DATABASE_URL"] = url
        django.setup()
        call_command("migrate", verbosity=0)
        return url, lambda: None
    django.setup()
    from django.db import connection

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    s = connection.settings_dict
    worker_url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    return worker_url, lambda: connection.creation.destroy_test_db(name, verbosity=0)


def build(ports: list[int]):
    from monitoring.services import campaign_create
    from tests.factories import make_municipality, make_user
    from schools.models import Role, School

    municipality = make_municipality("Бенчмарк сайтов")
    School.objects.bulk_create(
        School(municipality=municipality, short_name=f"МБОУ «СОШ № {n + 1:04d}»", full_name=f"Школа {n + 1}",
               website=f"http://127.0.0.1:{port}/")
        for n, port in enumerate(ports)
    )
    officer = make_user("bench_officer", role=Role.MUNICIPAL, municipality=municipality)
    from datetime import date

    campaign = campaign_create(user=officer, municipality=municipality, title="Бенчмарк", period_start=date(2022, 11, 1),
                               period_end=date(2022, 11, 30))
    return officer, campaign


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--sample", type=int, default=12, help="sites checked by the sequential loop")
    parser.add_argument("--host-delay", type=float, default=0.2, help="politeness delay per host, s")
    parser.add_argument("--read-timeout", type=float, default=8.0)
    args = parser.parse_args()
    os.environ.update({"SITECHECK_ALLOW_PRIVATE": "1", "SITECHECK_HOST_DELAY": str(args.host_delay),
                       "SITECHECK_READ_TIMEOUT": str(args.read_timeout), "TASKS_BACKEND": "db", "DEBUG": "0",
                       "LOG_LEVEL": "ERROR"})

    parent, child = multiprocessing.Pipe()
    site_farm = multiprocessing.Process(target=farm, args=(args.sites, child), daemon=True)
    site_farm.start()
    ports = parent.recv()
    with tempfile.TemporaryDirectory() as tmp:
        worker_url, drop = setup_database(tmp)
        try:
            return run(args, ports, worker_url)
        finally:
            site_farm.terminate()
            from django.db import connections

            connections.close_all()
            drop()


def run(args, ports, worker_url) -> int:
    from django_tasks_db.models import DBTaskResult

    from monitoring.models import SiteCheckJob, SiteCheckRun, WebsiteCheck
    from monitoring.services import sitecheck_start
    from monitoring.sitecheck import DEFAULT_APPROVED_AFTER
    from monitoring.tasks import check_school_website

    officer, campaign = build(ports)
    print(f"{args.sites} simulated sites on loopback (100–500 ms per response, 1 in 100 3–5 s, 1 never answers); "
          f"host delay {args.host_delay} s, read timeout {args.read_timeout} s; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)

    # Sequential: the same task, one site after another, on a spread-out sample.
    schools = list(campaign.municipality.schools.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(schools) // args.sample)
    sample = schools[step // 2 :: step][: args.sample]
    run = SiteCheckRun.objects.create(campaign=campaign, started_by=officer, approved_after=DEFAULT_APPROVED_AFTER)
    jobs = [SiteCheckJob.objects.create(run=run, school_id=pk) for pk in sample]
    cpu0, start = time.process_time(), time.perf_counter()
    for job in jobs:
        check_school_website.call(job.pk)
    sequential = (time.perf_counter() - start) / len(jobs)
    sequential_cpu = (time.process_time() - cpu0) / len(jobs)
    print(f"sequential loop: {len(jobs)} sites in {sequential * len(jobs):.1f} s = {sequential:.2f} s/site "
          f"→ {60 / sequential:.0f} sites/min; {args.sites} sites would take {sequential * args.sites / 60:.1f} min "
          f"(extrapolated); CPU {sequential_cpu:.3f} s/site", flush=True)

    # Through the worker: one task per school, one db_worker_threads process.
    sitecheck_start(user=officer, campaign=campaign)
    assert DBTaskResult.objects.ready().count() == args.sites
    env = {**os.environ, "DATABASE_URL": worker_url}
    start = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker_threads", "--threads", str(args.threads), "--batch",
         "--interval", "0.2"], env=env, cwd=ROOT,
    )
    _, status, usage = os.wait4(worker.pid, 0)
    wall = time.perf_counter() - start
    latest = SiteCheckRun.objects.filter(campaign=campaign).order_by("-pk").first()
    done = latest.jobs.filter(state="done").count()
    failed = latest.jobs.filter(state="failed").count()
    found = WebsiteCheck.objects.filter(campaign=campaign, found=True).count()
    cpu = usage.ru_utime + usage.ru_stime
    print(f"through the worker ({args.threads} threads, 1 process): {args.sites} sites in {wall:.1f} s "
          f"→ {60 * args.sites / wall:.0f} sites/min; done {done}, failed {failed}, act found on {found}; "
          f"exit status {status}", flush=True)
    print(f"worker CPU: {cpu:.1f} s = {cpu / args.sites:.3f} s/site → 40,000 schools ≈ "
          f"{cpu / args.sites * 40000 / 3600:.1f} CPU-hours; peak memory (RSS) {usage.ru_maxrss / 1024:.0f} MB",
          flush=True)
    print(f"speed-up over the sequential loop: {sequential * args.sites / wall:.1f}× (goal ≥ 10×)", flush=True)
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

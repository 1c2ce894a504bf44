"""Every page of every role at national scale, on PostgreSQL, next to a plain 50-row Django page.

    .venv/bin/python bench/bench_national.py [--keep] [--runs 5] [--only REGEX] [--db-url postgres://...]

Builds, in bulk (COPY), a throwaway database (default ``bench_national`` on postgres://postgres@127.0.0.1:5432):
40,000 schools in 2,000 municipalities — one of 1,000 schools, ten of 300, thirty of 100, the rest 10–25 —
grouped into 89 regions when the portal has regions; one roadmap of 11 items per municipality, 10 of them
addressed to all schools, so 400,000 per-school tasks in every compliance state; local acts in every review
state for a third of the schools; website-check campaigns with results. ``--keep`` reuses a database built
before (it is migrated again, so new indexes arrive).

Then, through Django's test Client in this process (no HTTP server: what is measured is the view, its queries
and its template), for each page of each role — federal (sees the whole country), regional, the officer of the
1,000-school municipality, a school head — it times N requests interleaved with N requests of the plain page
(``bench_urls.plain_page``: 50 schools with their municipality through a template, behind login), and prints
p50 of both, the ratio, the number of SQL queries and the HTML size. Targets: ratio ≤ 2, HTML ≤ 500 KB.
Exit status 1 when a target is missed.
"""
import argparse
import io
import os
import random
import re
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_national"

N_MUNICIPALITIES = 2000
N_REGIONS = 89
N_ITEMS = 11  # per roadmap; all but the last are addressed to all schools
TARGET_RATIO = 2.0
TARGET_HTML_KB = 500
BIG = "Крупный ГО"


# --- the data set ---------------------------------------------------------------------------------


def municipality_sizes(seed: int = 1) -> list[int]:
    """One of 1,000 schools, ten of 300, thirty of 100, the rest 10–25: 40,000 in all."""
    rng = random.Random(seed)
    sizes = [1000] + [300] * 10 + [100] * 30
    rest = N_MUNICIPALITIES - len(sizes)
    small = [rng.randint(10, 25) for _ in range(rest)]
    diff = 40000 - sum(sizes) - sum(small)
    while diff:
        i = rng.randrange(rest)
        step = 1 if diff > 0 else -1
        if 10 <= small[i] + step <= 25:
            small[i] += step
            diff -= step
    return sizes + small


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(model, rows, *, chunk: int = 50000) -> int:
    """COPY dicts of field values into ``model``'s table; fields left out take their model default
    (auto_now_add: now). Every row must carry its ``id``."""
    from django.db import connection
    from django.utils import timezone

    fields = list(model._meta.concrete_fields)
    defaults = {}
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        elif f.blank and f.get_internal_type() in ("CharField", "TextField", "URLField", "EmailField", "SlugField"):
            defaults[f.attname] = ""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    names = [f.attname for f in fields]
    total = 0
    buffer = io.StringIO()

    def flush():
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, buffer)
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join(_text(row[n] if n in row else defaults[n]) for n in names))
        buffer.write("\n")
        total += 1
        if total % chunk == 0:
            flush()
    flush()
    return total


def _reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def region_model():
    from django.apps import apps

    try:
        return apps.get_model("schools", "Region")
    except LookupError:
        return None


def make_regions() -> int:
    """89 regions (codes 01–89); a municipality i lies in region 1 + i mod 89, the big one in region 1.
    Nothing to do when the portal has no Region model."""
    Region = region_model()
    if Region is None:
        return 0
    Region.objects.all().delete() if not Region.objects.filter(code="89").exists() else None
    if not Region.objects.exists():
        copy_rows(Region, ({"id": n, "name": f"Регион № {n:02d} (бенчмарк)", "code": f"{n:02d}"}
                           for n in range(1, N_REGIONS + 1)))
        _reset_sequences([Region])
    return N_REGIONS


def region_of(i: int) -> int:
    return 1 + i % N_REGIONS


def build(seed: int = 1) -> dict:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from monitoring.models import CheckCriterion, CriterionScore, SchoolTask, WebsiteCampaign, WebsiteCheck
    from roadmaps.models import Roadmap, RoadmapItem
    from schools.models import LocalAct, LocalActKind, LocalActVersion, Municipality, School

    rng = random.Random(seed)
    today = timezone.localdate()
    sizes = municipality_sizes(seed)
    started = time.perf_counter()

    def municipality(i):
        if i == 0:
            return {"id": 1, "name": "Крупный городской округ (бенчмарк)", "short_name": BIG}
        return {
            "id": i + 1,
            "name": f"Муниципальный округ № {i:04d} с длинным официальным наименованием (бенчмарк)",
            "short_name": f"МО № {i:04d}",
        }

    has_regions = make_regions() > 0
    copy_rows(
        Municipality,
        ({**municipality(i), **({"region_id": region_of(i)} if has_regions else {})} for i in range(N_MUNICIPALITIES)),
    )
    school_municipality = []
    for m, size in enumerate(sizes, start=1):
        school_municipality += [m] * size

    def school(n, m):
        return {
            "id": n,
            "municipality_id": m,
            "short_name": f"МБОУ «СОШ № {n:05d}»",
            "full_name": f"Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
            f"школа № {n}» муниципального образования № {m}",
            "head_name": f"Иванова И. И. ({n})",
            "website": f"https://school{n}.example.ru",
            "email": f"school{n}@example.ru",
            "is_active": n % 97 != 0,
        }

    copy_rows(School, (school(n, m) for n, m in enumerate(school_municipality, start=1)))
    year = today.year if today.month >= 9 else today.year - 1
    copy_rows(
        Roadmap,
        (
            {
                "id": m,
                "municipality_id": m,
                "title": "План мероприятий («дорожная карта») по созданию и функционированию внутренней системы "
                "оценки качества образования (ВСОКО) в общеобразовательных организациях",
                "academic_year": year,
                "period_start": date(year, 9, 1),
                "period_end": date(year + 1, 8, 31),
                "appendix_label": "Приложение",
            }
            for m in range(1, N_MUNICIPALITIES + 1)
        ),
    )
    # Item k of every roadmap ends 25·k days after 1 September - 100 days: some past, some ahead of today.
    first_end = today - timedelta(days=100)
    ends = [first_end + timedelta(days=25 * k) for k in range(N_ITEMS)]
    statuses = ["not_started", "in_progress", "done", "postponed", "done", "done"]

    def item(m, k):
        return {
            "id": (m - 1) * N_ITEMS + k + 1,
            "roadmap_id": m,
            "number": str(k + 1),
            "position": k + 1,
            "section": "Организационные мероприятия",
            "activity": f"Мероприятие № {k + 1}: разработка, утверждение и размещение на официальном сайте "
            "общеобразовательной организации локальных нормативных актов, регламентирующих функционирование "
            "внутренней системы оценки качества образования, с учётом методических рекомендаций",
            "responsible_text": "Руководители ОО; специалист управления образования",
            "all_schools": k < N_ITEMS - 1,
            "status": statuses[(m + k) % len(statuses)],
            "deadline_text": f"до {ends[k]:%d.%m.%Y}",
            "deadline_start": ends[k] - timedelta(days=30),
            "deadline_end": ends[k],
            "deadline_recognized": True,
        }

    copy_rows(RoadmapItem, (item(m, k) for m in range(1, N_MUNICIPALITIES + 1) for k in range(N_ITEMS)))

    def tasks():
        task_id = 0
        for n, m in enumerate(school_municipality, start=1):
            for k in range(N_ITEMS - 1):
                task_id += 1
                due = ends[k]
                roll = rng.random()
                done_at, status = None, "not_started"
                if roll < 0.01:
                    status = "cancelled"
                elif due < today:
                    if roll < 0.5:
                        status, done_at = "done", due - timedelta(days=rng.randint(0, 20))
                    elif roll < 0.65:
                        status, done_at = "done", min(due + timedelta(days=rng.randint(1, 30)), today)
                    elif roll < 0.8:
                        status = "in_progress"
                else:
                    if roll < 0.2:
                        status, done_at = "done", today - timedelta(days=rng.randint(0, 10))
                    elif roll < 0.5:
                        status = "in_progress"
                yield {
                    "id": task_id,
                    "school_id": n,
                    "item_id": (m - 1) * N_ITEMS + k + 1,
                    "due_date": due,
                    "status": status,
                    "done_at": done_at,
                }

    n_tasks = copy_rows(SchoolTask, tasks())

    admin = User.objects.create_superuser("bench_admin", "", "bench")
    kinds = list(LocalActKind.objects.filter(is_active=True).order_by("pk"))
    states = ["pending", "pending", "accepted", "accepted", "returned"]
    acts, versions = [], []
    for n in range(1, len(school_municipality) + 1, 3):
        for index, kind in enumerate(kinds[:2]):
            act_id = len(acts) + 1
            acts.append({"id": act_id, "school_id": n, "kind_id": kind.pk})
            state = states[(n + index) % len(states)]
            versions.append(
                {
                    "id": act_id,
                    "act_id": act_id,
                    "number": 1,
                    "file": "acts/bench.pdf",
                    "original_name": "Положение о ВСОКО.pdf",
                    "size": 123456,
                    "content_type": "application/pdf",
                    "sha256": "0" * 64,
                    "approval_number": f"{n}-од",
                    "approval_date": today - timedelta(days=60),
                    "uploaded_by_id": admin.pk,
                    "state": state,
                    "reviewer_id": admin.pk if state != "pending" else None,
                    "reviewed_at": timezone.now() if state != "pending" else None,
                    "remarks": "Нет подписи руководителя" if state == "returned" else "",
                }
            )
    copy_rows(LocalAct, acts)
    copy_rows(LocalActVersion, versions)

    defaults = list(CheckCriterion.objects.filter(campaign__isnull=True).order_by("position", "pk"))
    campaign_municipalities = [1, 1, 1] + list(range(2, N_MUNICIPALITIES + 1, 4))
    campaigns, criteria = [], []
    for c, m in enumerate(campaign_municipalities, start=1):
        campaigns.append(
            {
                "id": c,
                "title": f"Мониторинг сайтов ОО: Положение о ВСОКО, выпуск {c}",
                "municipality_id": m,
                "period_start": today - timedelta(days=30 + c % 20),
                "period_end": today + timedelta(days=10),
                "item_id": (m - 1) * N_ITEMS + 1,
                "created_by_id": admin.pk,
            }
        )
        for d in defaults:
            criteria.append(
                {
                    "id": len(criteria) + 1 + 10000,
                    "campaign_id": c,
                    "code": d.code,
                    "title": d.title,
                    "short_title": d.short_title,
                    "description": d.description,
                    "position": d.position,
                    "max_score": d.max_score,
                }
            )
    copy_rows(WebsiteCampaign, campaigns)
    copy_rows(CheckCriterion, criteria)
    by_campaign = {}
    for row in criteria:
        by_campaign.setdefault(row["campaign_id"], []).append(row)
    schools_of = {}
    for n, m in enumerate(school_municipality, start=1):
        schools_of.setdefault(m, []).append(n)
    checks, scores = [], []
    for campaign in campaigns:
        for n in schools_of[campaign["municipality_id"]][::2]:
            check_id = len(checks) + 1
            checks.append(
                {
                    "id": check_id,
                    "campaign_id": campaign["id"],
                    "school_id": n,
                    "found": n % 5 != 0,
                    "checked_by_id": admin.pk,
                    "checked_at": timezone.now(),
                }
            )
            for k in by_campaign[campaign["id"]]:
                scores.append(
                    {"id": len(scores) + 1, "check_result_id": check_id, "criterion_id": k["id"],
                     "score": (n + k["id"]) % (k["max_score"] + 1)}
                )
    copy_rows(WebsiteCheck, checks)
    copy_rows(CriterionScore, scores)
    _reset_sequences(
        [Municipality, School, Roadmap, RoadmapItem, SchoolTask, LocalAct, LocalActVersion, WebsiteCampaign,
         CheckCriterion, WebsiteCheck, CriterionScore]
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "seconds": time.perf_counter() - started,
        "schools": len(school_municipality),
        "tasks": n_tasks,
        "acts": len(acts),
        "campaigns": len(campaigns),
        "checks": len(checks),
    }


def ensure_users() -> dict:
    """The four measured users (made once; the regional one is moved to the big municipality's region)."""
    from django.contrib.auth.models import User

    from schools.models import Municipality, Role, School, UserProfile

    big = Municipality.objects.get(short_name=BIG)
    users = {}
    profile_fields = {f.name for f in UserProfile._meta.get_fields()}
    # The country: a federal specialist where the portal has that role, else a superuser.
    federal_role = getattr(Role, "FEDERAL", None)
    specs = {
        "regional": {"role": Role.REGIONAL},
        "officer": {"role": Role.MUNICIPAL, "municipality": big},
        "head": {"role": Role.SCHOOL_HEAD, "school": School.objects.filter(municipality=big).order_by("pk").first()},
    }
    if federal_role is not None:
        specs = {"federal": {"role": federal_role}, **specs}
    else:
        users["federal"] = User.objects.filter(username="bench_federal").first() or User.objects.create_superuser(
            "bench_federal", "", "bench"
        )
    if "region" in profile_fields and getattr(big, "region_id", None):
        specs["regional"]["region_id"] = big.region_id
    for name, profile in specs.items():
        user, _ = User.objects.get_or_create(username=f"bench_{name}")
        UserProfile.objects.update_or_create(user=user, defaults=profile)
        users[name] = user
    return users


# --- the database ----------------------------------------------------------------------------------


def prepare_database(url: str, keep: bool) -> bool:
    """Create (or with ``keep`` reuse) the database; True when the data must be built."""
    import psycopg2
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_dsn = dict(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                     password=parts.password or None, dbname="postgres")
    connection = psycopg2.connect(**admin_dsn)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and keep:
            connection.close()
            return False
        if exists:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return True


def setup(url: str, keep: bool) -> tuple[bool, dict | None]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
    fresh = prepare_database(url, keep)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from schools.models import School

    built = None
    if fresh or not School.objects.exists():
        built = build()
    from django.utils import timezone

    from monitoring.models import RollupClock, SchoolRollup
    from monitoring.services import rollups_advance, rollups_rebuild

    if built or not SchoolRollup.objects.exists():
        # COPY sends no signals: the rollups are counted once from the tasks, as manage.py rebuild_rollups does.
        started = time.perf_counter()
        schools, sources = rollups_rebuild()
        print(f"Счётчики исполнения пересчитаны за {time.perf_counter() - started:.1f} с: школ {schools}, "
              f"строк «мероприятие — МО» {sources}")
    elif RollupClock.objects.exclude(as_of=timezone.localdate()).exists():
        started = time.perf_counter()
        n = rollups_advance()
        print(f"Счётчики переведены на сегодня за {time.perf_counter() - started:.1f} с ({n} задач)")
    return fresh, built


# --- pages -----------------------------------------------------------------------------------------


def pages_for(role: str) -> list[tuple[str, str]]:
    """(label, url) of every page the role uses, with the national data's objects."""
    from django.urls import reverse

    from monitoring.models import SchoolTask, WebsiteCampaign
    from roadmaps.models import Roadmap, RoadmapItem
    from schools.models import LocalActVersion, Municipality, School

    big = Municipality.objects.get(short_name=BIG)
    roadmap = Roadmap.objects.get(municipality=big)
    campaign = WebsiteCampaign.objects.filter(municipality=big).order_by("pk").first()
    school = School.objects.filter(municipality=big).order_by("pk").first()
    task = SchoolTask.objects.filter(school=school).order_by("pk").first()
    item = RoadmapItem.objects.filter(roadmap=roadmap).order_by("position").first()
    version = LocalActVersion.objects.filter(act__school__municipality=big).order_by("pk").first()
    matrix = reverse("monitoring:compliance_matrix") + f"?roadmap={roadmap.pk}"
    rates = reverse("monitoring:compliance_rates")
    queue = reverse("schools:review_queue")
    common = [
        ("Обзор (дашборд)", reverse("dashboard")),
        ("Дорожные карты (список)", reverse("roadmaps:roadmap_list")),
        ("Дорожная карта крупного МО", reverse("roadmaps:roadmap_detail", args=[roadmap.pk])),
        ("Мероприятие", reverse("roadmaps:item_detail", args=[item.pk])),
        ("Матрица исполнения, стр. 1", matrix),
        ("Матрица, просроченные", matrix + "&state=overdue"),
        ("Матрица, последняя страница", matrix + "&page=last"),
        ("Показатели исполнения сроков", rates),
        ("Показатели, стр. 3", rates + "?page=3"),
        ("Карточка школы (кабинет)", reverse("monitoring:school_cabinet", args=[school.pk])),
        ("Задача школы", reverse("monitoring:task_detail", args=[task.pk])),
    ]
    officials = [
        ("Сравнение муниципалитетов", reverse("monitoring:municipalities")),
        ("Мониторинги сайтов (список)", reverse("monitoring:campaign_list")),
        ("Результаты мониторинга сайтов", reverse("monitoring:campaign_detail", args=[campaign.pk])),
        ("Проверка актов (очередь)", queue),
        ("Проверка актов, все состояния", queue + "?state="),
        ("Версия акта", reverse("schools:act_version", args=[version.pk])),
    ]
    if role == "head":
        return [
            ("Обзор (дашборд)", reverse("dashboard")),
            ("Кабинет школы", reverse("monitoring:cabinet")),
            ("Задача школы", reverse("monitoring:task_detail", args=[task.pk])),
            ("Локальные акты школы", reverse("schools:school_acts", args=[school.pk])),
            ("Дорожная карта", reverse("roadmaps:roadmap_detail", args=[roadmap.pk])),
        ]
    return common + officials


def measure_page(client, url: str, plain: str, runs: int):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up (templates, caches), and the status check
    if response.status_code != 200:
        return None, response.status_code
    client.get(plain)
    page_times, plain_times = [], []
    for _ in range(runs):  # interleaved: both see the same machine state
        start = time.perf_counter()
        client.get(plain)
        plain_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        response = client.get(url)
        page_times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request empties the log
    # The first request after a write (the page's cached blocks counted again): the cache emptied before each.
    cold_times = []
    for _ in range(runs):
        cache.clear()
        start = time.perf_counter()
        client.get(url)
        cold_times.append(time.perf_counter() - start)
    return (
        statistics.median(page_times) * 1000,
        statistics.median(plain_times) * 1000,
        queries,
        len(response.content),
        statistics.median(cold_times) * 1000,
    ), 200


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--keep", action="store_true", help="reuse the database built by an earlier run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="regular expression: measure only matching «role: page»")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()

    fresh, built = setup(args.db_url, args.keep)
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from monitoring.models import SchoolTask
    from schools.models import Municipality, School

    setup_test_environment()
    if built:
        print(
            f"Данные построены за {built['seconds']:.0f} с: {built['schools']} школ, {built['tasks']} задач школ, "
            f"{built['acts']} актов, {built['campaigns']} мониторингов, {built['checks']} проверок сайтов"
        )
    else:
        print(
            f"База {args.db_url.rsplit('/', 1)[-1]} использована повторно (--keep): {School.objects.count()} школ, "
            f"{Municipality.objects.count()} МО, {SchoolTask.objects.count()} задач школ"
        )
    users = ensure_users()
    if args.build_only:
        return 0
    plain = reverse("bench_plain")
    only = re.compile(args.only) if args.only else None
    header = (f"{'роль':<9} {'страница':<34} {'p50, мс':>9} {'прост., мс':>10} {'×прост.':>8} {'запр.':>6} {'КБ':>7}"
              f"  {'≤' + format(TARGET_RATIO, 'g') + '×':<5} ≤{TARGET_HTML_KB} КБ  {'после записи: мс':>16} {'×прост.':>8}")
    print(f"\nПростая страница: 50 строк запроса через шаблон (bench_urls.plain_page); Django test Client, "
          f"{args.runs} замеров каждой страницы вперемешку с простой; цели: ≤ {TARGET_RATIO:g}× простой, "
          f"HTML ≤ {TARGET_HTML_KB} КБ.\nСтраницы с блоками в кеше (schools.versions) отдают их, пока запись в их области не "
          f"поднимет версию данных; «после записи» — тот же запрос с пустым кешем (первый после записи), для сведения.")
    print(header)
    print("-" * len(header))
    missed = 0
    failed = {"ratio": [], "html": []}
    for role in ("federal", "regional", "officer", "head"):
        client = Client()
        client.force_login(users[role])
        for label, url in pages_for(role):
            if only and not only.search(f"{role}: {label}"):
                continue
            result, status = measure_page(client, url, plain, args.runs)
            if result is None:
                print(f"{role:<9} {label:<34} {'HTTP ' + str(status):>9}")
                missed += status >= 500
                continue
            ms, plain_ms, queries, size, cold_ms = result
            ratio = ms / plain_ms
            ratio_ok, html_ok = ratio <= TARGET_RATIO, size <= TARGET_HTML_KB * 1024
            missed += not (ratio_ok and html_ok)
            if not ratio_ok:
                failed["ratio"].append(f"{role}: {label} ({ratio:.1f}×)")
            if not html_ok:
                failed["html"].append(f"{role}: {label} ({size / 1024:.0f} КБ)")
            print(
                f"{role:<9} {label:<34} {ms:>9.1f} {plain_ms:>10.1f} {ratio:>8.2f} {queries:>6} "
                f"{size / 1024:>7.0f}  {'PASS' if ratio_ok else 'FAIL':<5} {'PASS' if html_ok else 'FAIL':<7}"
                f"  {cold_ms:>16.1f} {cold_ms / plain_ms:>8.2f}",
                flush=True,
            )
    print(f"\nСтраниц вне целей: {missed}")
    for target, name in (("ratio", f"≤ {TARGET_RATIO:g}× простой"), ("html", f"HTML ≤ {TARGET_HTML_KB} КБ")):
        print(f"Цель «{name}»: {'PASS' if not failed[target] else 'FAIL — ' + '; '.join(failed[target])}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

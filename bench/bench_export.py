"""The compliance matrix as Excel at national scale: 40,000 schools × 11 tasks through core.xlsx.

    .venv/bin/python bench/bench_export.py [--schools 40000] [--tasks 11] [--runs 3] [--source memory|db|report]

Prints the export's time, its peak memory, and the ratio of its time to bare openpyxl write-only writing the
same cells (plain values, no styles) in the same run. Targets: peak memory < 200 MB, ratio < 1.5.

The rows come from one function (``SOURCES``): «memory» generates matrix-shaped rows; «db» builds the schools
and tasks in a throwaway test database (bench_monitoring.build) and streams them through the real selector
monitoring.selectors.compliance_matrix_rows; «report» streams the same database through the export's own rows
(monitoring.reports.compliance_report_rows: a state and a date per task, the rate and the overdue count).
"""
import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

STATES = ["в срок", "с опозданием", "просрочено", "срок не наступил", "без срока", "отменено"]


def columns(tasks: int):
    from core.xlsx import BLUE, GREEN, GREY, RED, YELLOW, Column

    fills = {"в срок": GREEN, "с опозданием": YELLOW, "просрочено": RED, "срок не наступил": BLUE, "отменено": GREY}
    return [
        Column("Муниципалитет", 22), Column("ОО", 34, "wrap"),
        *(Column(f"п. {n}", 14, fills=fills) for n in range(1, tasks + 1)),
        Column("Выполнено в срок", 10, "int"), Column("Просрочено", 10, "int"), Column("Срок последней", 12, "date"),
        Column("Доля в срок", 10, "percent"),
    ]


def rows_in_memory(schools: int, tasks: int):
    """Matrix-shaped rows: municipality, school, a state per task, counts, a date and a rate."""
    first = date(2022, 11, 1)
    for n in range(schools):
        states = [STATES[(n * 7 + t * 3) % len(STATES)] for t in range(tasks)]
        on_time, overdue = states.count("в срок"), states.count("просрочено")
        counted = on_time + overdue + states.count("с опозданием")
        yield [f"Муниципалитет № {n % 34 + 1}", f"МБОУ «СОШ № {n + 1}»", *states, on_time, overdue,
               first + timedelta(days=n % 300), on_time / counted if counted else 0.0]


def rows_from_selector(schools: int, tasks: int):
    """The real matrix: built once in a test database, streamed by the monitoring app's selector."""
    from bench_monitoring import build  # noqa: E402 (sibling script)

    from monitoring.selectors.matrix import compliance_matrix_rows, matrix_columns

    state = rows_from_selector.__dict__
    if "admin" not in state:
        started = time.perf_counter()
        state["admin"], state["roadmap"], _ = build(schools, tasks)
        print(f"База: {schools} школ × {tasks} задач построена за {time.perf_counter() - started:.0f} с")
    admin, roadmap = state["admin"], state["roadmap"]
    width = len(matrix_columns(roadmap))
    for school, cells in compliance_matrix_rows(admin, roadmap=roadmap):
        labels = [cell.state_label if cell else "" for cell in cells] + [""] * (tasks - width)
        dates = [cell.due_date for cell in cells if cell and cell.due_date]
        on_time, overdue = labels.count("в срок"), labels.count("просрочено")
        counted = on_time + overdue + labels.count("с опозданием")
        yield [school.municipality.short_name, school.short_name, *labels[:tasks], on_time, overdue,
               max(dates) if dates else None, on_time / counted if counted else 0.0]


def rows_from_report(schools: int, tasks: int):
    """The monitoring app's own report rows (monitoring.reports), over the same database as «db»."""
    from monitoring.reports import compliance_report_rows

    if "admin" not in rows_from_selector.__dict__:
        sum(1 for _ in rows_from_selector(schools, tasks))
    state = rows_from_selector.__dict__
    yield from compliance_report_rows(state["admin"], roadmap=state["roadmap"])


def rows_from_national(schools: int, tasks: int):
    """A whole region's (or the country's) compliance in one sheet: monitoring.reports.region_report_rows over the
    national bench database (bench_national.py, built before), for the user given by --user."""
    from django.contrib.auth.models import User

    from monitoring.reports import region_report_rows
    from monitoring.selectors.region import region_academic_years, region_compliance_rows

    user = User.objects.get(username=NATIONAL["user"])
    year = region_academic_years(user)[0]
    width, rows = region_compliance_rows(user, academic_year=year)
    yield from region_report_rows(rows, width)


SOURCES = {"memory": rows_in_memory, "db": rows_from_selector, "report": rows_from_report,
           "national": rows_from_national}
NATIONAL = {"user": "bench_regional"}


def report_columns(tasks: int):
    if NATIONAL.get("active"):
        from monitoring.reports import region_report_columns

        return region_report_columns(tasks)
    return columns(tasks)


def export_portal(path: str, rows, tasks: int) -> int:
    from core.xlsx import write_xlsx

    return write_xlsx(path, title="Исполнение сроков по школам", subtitle="бенчмарк", columns=report_columns(tasks),
                      rows=rows, sheet_title="Матрица")


def export_bare(path: str, rows, tasks: int) -> int:
    """The same cells with bare openpyxl write-only: values only, no styles, no layout."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Матрица")
    sheet.append(["Исполнение сроков по школам"])
    sheet.append(["бенчмарк"])
    sheet.append([c.header for c in report_columns(tasks)])
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count


def timed(export, source, args) -> float:
    with tempfile.TemporaryDirectory() as folder:
        gc.collect()
        start = time.perf_counter()
        count = export(str(Path(folder) / "matrix.xlsx"), source(args.schools, args.tasks), args.tasks)
        elapsed = time.perf_counter() - start
        size = (Path(folder) / "matrix.xlsx").stat().st_size
    assert count == args.schools or NATIONAL.get("active"), count
    timed.count = count
    timed.size = size
    return elapsed


def peak_memory(export, source, args) -> float:
    with tempfile.TemporaryDirectory() as folder:
        gc.collect()
        tracemalloc.start()
        export(str(Path(folder) / "matrix.xlsx"), source(args.schools, args.tasks), args.tasks)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schools", type=int, default=40000)
    parser.add_argument("--tasks", type=int, default=11)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", choices=sorted(SOURCES), default="memory")
    parser.add_argument("--user", default="bench_regional",
                        help="national: whose scope is exported (bench_regional — a region, bench_federal — all)")
    parser.add_argument("--db-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                           "postgres://postgres@127.0.0.1:5432/bench_national"))
    args = parser.parse_args()

    if args.source == "national":
        os.environ["DATABASE_URL"] = args.db_url
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        NATIONAL.update(active=True, user=args.user)
    import django

    django.setup()
    if args.source == "national":
        from django.contrib.auth.models import User

        from monitoring.selectors.region import region_academic_years, region_columns

        user = User.objects.get(username=args.user)
        args.tasks = region_columns(user, academic_year=region_academic_years(user)[0])[1]
    source = SOURCES[args.source]
    teardown = None
    if args.source in ("db", "report"):
        from django.db import connection
        from django.test.utils import setup_test_environment

        setup_test_environment()
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        teardown = lambda: connection.creation.destroy_test_db(old_name, verbosity=0)  # noqa: E731
        sum(1 for _ in source(args.schools, args.tasks))  # build once, outside the timings
    try:
        ours, bare = [], []
        for _ in range(args.runs):  # alternate, so both see the same machine state
            ours.append(timed(export_portal, source, args))
            size = timed.size
            bare.append(timed(export_bare, source, args))
        if args.source == "national":
            # tracemalloc would multiply the run's time over the national database; the process peak (maxrss,
            # printed below) bounds the export's memory instead.
            import resource

            peak_ours = peak_bare = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        else:
            peak_ours = peak_memory(export_portal, source, args)
            peak_bare = peak_memory(export_bare, source, args)
    finally:
        if teardown:
            teardown()
    import resource

    if args.source == "national":
        args.schools = timed.count
    cells = args.schools * (2 + args.tasks + 4) if args.source != "national" else args.schools * (2 + 2 * args.tasks + 2)
    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"Источник строк: {args.source}; {args.schools} школ × {args.tasks} задач = {cells:,} ячеек; "
          f"файл {size / 2**20:.1f} МБ".replace(",", " "))
    how = "maxrss процесса" if args.source == "national" else "tracemalloc"
    print(f"core.xlsx (стили, заливки, ширины, фильтр): {statistics.median(ours):.2f} с (медиана из {args.runs}), "
          f"пик памяти {peak_ours:.1f} МБ ({how})")
    print(f"openpyxl write-only без оформления:           {statistics.median(bare):.2f} с, "
          f"пик памяти {peak_bare:.1f} МБ")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    where = " — вместе с базой в памяти, построенной для источника" if args.source in ("db", "report") else ""
    print(f"Отношение времени: {ratio:.2f} (цель < 1.5); пик памяти выгрузки {peak_ours:.1f} МБ (цель < 200); "
          f"пик памяти процесса (maxrss): {maxrss:.0f} МБ{where}")
    if ratio >= 1.5 or peak_ours >= 200:
        print("ЦЕЛЬ НЕ ДОСТИГНУТА")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""ВПР at scale on PostgreSQL: a million participants' rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vpr .venv/bin/python bench/bench_vpr.py [--rows 1000000]
        [--per-school 50] [--file /tmp/vpr_bench_1000000.xlsx] [--repeat 3]

1. Import: a «Индивидуальные результаты» XLSX of ``--rows`` pupils (built once, written straight as sheet XML, and
   kept at ``--file``) through the real import (monitoring.vpr.importers.parser.parse_file + services.vpr_import,
   COPY on PostgreSQL), against reading the same file with calamine alone (every row turned into Python values).
   Each in a fresh process, alternated ``--repeat`` times (the tables emptied between imports); the best of each
   counts, as a shared machine only ever adds time. Compared: wall-clock time, processor time (the import's own
   plus its PostgreSQL backend's, read from /proc: the server is on this machine) and peak memory (maxrss).
   Goal: each ≤ 2×.
2. Aggregates: the comparison with journal marks (every school's row, as the Excel export reads it) and the signs
   (every school's four signs), against a bare ``SELECT school_id, COUNT(*) … GROUP BY school_id`` over the same
   rows; best of five. Goal: ≤ 2×.

Prints every figure, then PASS or FAIL per goal and overall; exits with 1 on FAIL. Needs PostgreSQL (COPY, and a
million rows in SQLite's memory database would measure the wrong thing). The data lives in a throwaway test
database (test_<name>), dropped at the end unless ``--keep``.
"""
import argparse
import json
import zipfile
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

TASKS = [("1", 2), ("2", 2), ("3", 3), ("4", 2), ("5", 2), ("6", 2), ("7", 3), ("8", 2), ("9.1", 1), ("9.2", 1),
         ("10", 4)]
MAX = sum(p for _, p in TASKS)
SCALE = [(0, 6, 2), (7, 11, 3), (12, 17, 4), (18, 24, 5)]


def _mark(score: int) -> int:
    return next(m for low, high, m in SCALE if low <= score <= high)


def login(n: int) -> str:
    return f"edu{500000 + n}"


def write_xlsx(path, rows, sheet="Индивидуальные результаты"):
    """Rows straight to sheet XML: numbers as numbers, text as inline strings."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            buf = []
            for r, row in enumerate(rows, 1):
                cells = []
                for value in row:
                    if value is None:
                        cells.append("<c/>")
                    elif isinstance(value, (int, float)):
                        cells.append(f"<c><v>{value}</v></c>")
                    else:
                        cells.append(f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>')
                buf.append(f'<row r="{r}">{"".join(cells)}</row>')
                if len(buf) >= 5000:
                    f.write("".join(buf).encode()); buf = []
            f.write("".join(buf).encode())
            f.write(b"</sheetData></worksheet>")


def file_rows(rows: int, per_school: int):
    """A Ф1 sheet: title block, difficulty row, header, a group row per school, its pupils (some «X»)."""
    yield ["ВПР 2024 Математика 5 класс"]
    yield [f"Максимальный первичный балл: {MAX}"]
    yield ["Дата: 18.04.2024"]
    yield ["Уровень сложности задания", None, None, None, None, None] + ["Б"] * len(TASKS)
    yield (["ОО", "Муниципалитет", "Название ОО", "Код участника", "Класс", "Вариант"]
           + [f"{n} ({p}б)" for n, p in TASKS] + ["Первичный балл", "Отметка", "Отметка по журналу"])
    for s in range(rows // per_school):
        yield [f"МБОУ «СОШ № {s + 1}» ({login(s)})", None, None, f"Кол-во участников: {per_school}"]
        for p in range(per_school):
            seed = (s * 7919 + p * 104729) % 1000003
            scores = []
            for i, (_, points) in enumerate(TASKS):
                value = (seed >> i) % (points + 1)
                scores.append("X" if value == 0 and (seed + i) % 5 == 0 else value)
            primary = sum(v for v in scores if v != "X")
            journal = 2 + seed % 4 if seed % 13 else None
            yield [login(s), "Бенчмарк", f"МБОУ «СОШ № {s + 1}»", 10001 + p, 1 + p % 3, 1 + p % 2, *scores,
                   primary, _mark(primary), journal]


def build_file(path: Path, rows: int, per_school: int) -> None:
    """XLSX written straight as sheet XML (openpyxl needs a quarter of an hour for a million rows here)."""
    write_xlsx(path, file_rows(rows, per_school))


def _cpu() -> float:
    """This process's processor time, every thread (calamine's Rust included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _backend_cpu(connection) -> float:
    """Processor time of this connection's PostgreSQL backend (the server is on this machine: /proc)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child(step: str, args) -> None:
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = args.test_db
    result = {}
    if step == "import":
        connection.ensure_connection()
        server_before = _backend_cpu(connection)
    started, cpu_started = time.perf_counter(), _cpu()
    if step == "read":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(args.file))
        rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
        result["rows"] = len(rows)
    elif step == "import":
        from monitoring.vpr.importers.parser import parse_file
        from monitoring.vpr.services import vpr_import

        with open(args.file, "rb") as handle:
            parsed = parse_file(handle, name=args.file.name)
        result["parse"] = time.perf_counter() - started
        result["parse_cpu"] = _cpu() - cpu_started
        written = vpr_import(parsed=parsed)
        result["rows"] = written.participants
        result["round"] = written.round.pk
    result["seconds"] = time.perf_counter() - started
    result["cpu"] = _cpu() - cpu_started
    result["server_cpu"] = _backend_cpu(connection) - server_before if step == "import" else 0.0
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(step: str, args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", step, "--file", str(args.file), "--test-db",
                          args.test_db], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"Шаг «{step}» завершился с ошибкой:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def timed(fn, runs: int = 5) -> float:
    """The best of ``runs``: on a shared machine other work only ever adds time."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def aggregates(round_id: int) -> None:
    from django.db import connection

    from monitoring.vpr import selectors
    from monitoring.vpr.models import VprRound

    round_ = VprRound.objects.get(pk=round_id)
    admin = type("Admin", (), {"is_authenticated": True, "is_active": True, "is_superuser": True, "pk": 0})()

    def bare():
        with connection.cursor() as cursor:
            cursor.execute("SELECT school_id, COUNT(*) FROM vpr_vprresult WHERE round_id = %s GROUP BY school_id",
                           [round_id])
            cursor.fetchall()

    def comparison():
        level = selectors.comparison_level(admin, round_, municipality_id=None)
        level.child_kind = "school"  # every school's row, as the export of a region reads them
        list(selectors.level_children(level))

    def signs():
        selectors.round_signs(round_)

    bare()  # warm the cache once, for everyone
    t_bare = timed(bare)
    t_comparison = timed(comparison)
    t_signs = timed(signs)
    print(f"Голый GROUP BY school_id:                            {t_bare:.2f} с")
    print(f"Сравнение с журналом (все школы, условные COUNT):   {t_comparison:.2f} с — {t_comparison / t_bare:.2f}× "
          f"(цель ≤ 2)")
    print(f"Признаки (суммы школ из базы, вердикты одним циклом): {t_signs:.2f} с — {t_signs / t_bare:.2f}× (цель ≤ 2)")
    return t_comparison / t_bare, t_signs / t_bare


GOAL = 2.0


def truncate_results() -> None:
    """Between attempts: the next import writes into empty tables again, as the first one did."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE vpr_vprresult, vpr_vprschoolresult")
    connection.close()


def import_figures(args, schools: int, reads: list[dict], imports: list[dict]) -> list[tuple[str, float]]:
    """Print each attempt and the best of each kind; the ratios of the bests (a shared machine only slows down)."""
    print(f"{imports[0]['rows']:,} участников в {schools:,} школах, файл {args.file.stat().st_size / 2**20:.0f} МБ; "
          f"средняя загрузка машины {os.getloadavg()[0]:.1f} на {os.cpu_count()} ядра".replace(",", " "))
    for n, (read, imported) in enumerate(zip(reads, imports), start=1):
        print(f"  попытка {n}: чтение calamine {read['seconds']:.1f} с по часам (процессор {read['cpu']:.1f} с, "
              f"{read['maxrss_mb']:.0f} МБ); импорт {imported['seconds']:.1f} с по часам (разбор "
              f"{imported['parse']:.1f} с; процессор {imported['cpu']:.1f} с, из них разбор {imported['parse_cpu']:.1f} с, "
              f"+ сервер PostgreSQL "
              f"{imported['server_cpu']:.1f} с; {imported['maxrss_mb']:.0f} МБ)")
    read_wall = min(r["seconds"] for r in reads)
    read_cpu = min(r["cpu"] for r in reads)
    import_wall = min(i["seconds"] for i in imports)
    import_cpu = min(i["cpu"] + i["server_cpu"] for i in imports)
    read_rss = min(r["maxrss_mb"] for r in reads)
    import_rss = max(i["maxrss_mb"] for i in imports)
    print(f"Лучшее: чтение {read_wall:.1f} с по часам / {read_cpu:.1f} с процессора; импорт {import_wall:.1f} с по "
          f"часам / {import_cpu:.1f} с процессора (клиент и сервер); пик памяти импорта {import_rss:.0f} МБ против "
          f"{read_rss:.0f} МБ чтения")
    return [("Импорт / чтение, время по часам", import_wall / read_wall),
            ("Импорт / чтение, процессорное время (клиент + сервер)", import_cpu / read_cpu),
            ("Импорт / чтение, пик памяти", import_rss / read_rss)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--per-school", type=int, default=50)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--test-db")
    parser.add_argument("--keep", action="store_true", help="не удалять тестовую базу (для EXPLAIN ANALYZE)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="сколько раз чередовать чтение и импорт (берётся лучший раз каждого; машина общая)")
    args = parser.parse_args()
    args.file = args.file or Path(f"/tmp/vpr_bench_{args.rows}.xlsx")
    if args.child:
        return child(args.child, args)

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Нужен PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<имя> bench/bench_vpr.py")
    if not args.file.exists():
        started = time.perf_counter()
        build_file(args.file, args.rows, args.per_school)
        print(f"Файл {args.file} ({args.file.stat().st_size / 2**20:.0f} МБ) построен за "
              f"{time.perf_counter() - started:.0f} с")
    old_name = connection.settings_dict["NAME"]
    args.test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failed = False
    try:
        from monitoring.vpr.models import SchoolLogin
        from schools.models import Municipality, Region, School

        schools = args.rows // args.per_school
        region, _ = Region.objects.get_or_create(code="42", defaults={"name": "Кемеровская область — Кузбасс"})
        municipalities = Municipality.objects.bulk_create(
            Municipality(region=region, name=f"Округ {m}", short_name=f"Округ {m}")
            for m in range(max(1, schools // 50)))
        made = School.objects.bulk_create(
            (School(municipality=municipalities[s % len(municipalities)], short_name=f"МБОУ «СОШ № {s + 1}»",
                    full_name=f"МБОУ «СОШ № {s + 1}»") for s in range(schools)), batch_size=5000)
        SchoolLogin.objects.bulk_create((SchoolLogin(school=school, login=login(s)) for s, school in enumerate(made)),
                                        batch_size=5000)
        connection.close()  # the children open their own connections to the test database

        reads, imports = [], []
        for attempt in range(args.repeat):
            if attempt:
                truncate_results()
            reads.append(run_child("read", args))
            imports.append(run_child("import", args))
        for imported in imports:
            assert imported["rows"] == reads[0]["rows"] - 5 - schools, (imported["rows"], reads[0]["rows"])
        results = import_figures(args, schools, reads, imports)
        comparison_ratio, signs_ratio = aggregates(imports[-1]["round"])
        results += [("Сравнение с журналом / голый GROUP BY", comparison_ratio),
                    ("Признаки / голый GROUP BY", signs_ratio)]
        print("Итог (цель ≤ 2):")
        for label, ratio in results:
            print(f"  {label}: {ratio:.2f}× — {'PASS' if ratio <= GOAL else 'FAIL'}")
        failed = any(ratio > GOAL for _, ratio in results)
        print("PASS" if not failed else "FAIL")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

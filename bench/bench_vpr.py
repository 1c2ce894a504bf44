"""ВПР at scale on PostgreSQL: a million participants' rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vpr .venv/bin/python bench/bench_vpr.py [--rows 1000000]
        [--per-school 50] [--file /tmp/vpr_bench_1000000.xlsx]

1. Import: a «Индивидуальные результаты» XLSX of ``--rows`` pupils (built once with openpyxl and kept at ``--file``)
   through the real import (monitoring.vpr.importers.parser.parse_file + services.vpr_import, COPY on PostgreSQL),
   against reading the same file with calamine alone (every row turned into Python values). Time and peak memory
   (maxrss) of each, each in a fresh process. Goal: ≤ 2×.
2. Aggregates: the comparison with journal marks (every school's row, as the Excel export reads it) and the signs
   (one SQL pass per round: per-school sums and Spearman's ρ), against a bare
   ``SELECT school_id, COUNT(*) … GROUP BY school_id`` over the same rows. Goal: ≤ 2×.

Needs PostgreSQL (COPY, and a million rows in SQLite's memory database would measure the wrong thing). The data
lives in a throwaway test database (test_<name>), dropped at the end.
"""
import argparse
import json
import zipfile
import os
import resource
import statistics
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


def child(step: str, args) -> None:
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = args.test_db
    result = {}
    started = time.perf_counter()
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
        written = vpr_import(parsed=parsed)
        result["rows"] = written.participants
        result["round"] = written.round.pk
    result["seconds"] = time.perf_counter() - started
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(step: str, args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", step, "--file", str(args.file), "--test-db",
                          args.test_db], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"Шаг «{step}» завершился с ошибкой:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def timed(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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
    print(f"Голый GROUP BY school_id:                          {t_bare:.2f} с")
    print(f"Сравнение с журналом (все школы, условные COUNT): {t_comparison:.2f} с — {t_comparison / t_bare:.2f}× "
          f"(цель ≤ 2)")
    print(f"Признаки (суммы по школам и ρ Спирмена, один SQL): {t_signs:.2f} с — {t_signs / t_bare:.2f}× (цель ≤ 2)")
    return t_comparison / t_bare, t_signs / t_bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--per-school", type=int, default=50)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--test-db")
    parser.add_argument("--keep", action="store_true", help="не удалять тестовую базу (для EXPLAIN ANALYZE)")
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
        from schools.models import Municipality, School

        schools = args.rows // args.per_school
        municipalities = Municipality.objects.bulk_create(
            Municipality(name=f"Округ {m}", short_name=f"Округ {m}") for m in range(max(1, schools // 50)))
        made = School.objects.bulk_create(
            (School(municipality=municipalities[s % len(municipalities)], short_name=f"МБОУ «СОШ № {s + 1}»",
                    full_name=f"МБОУ «СОШ № {s + 1}»") for s in range(schools)), batch_size=5000)
        SchoolLogin.objects.bulk_create((SchoolLogin(school=school, login=login(s)) for s, school in enumerate(made)),
                                        batch_size=5000)
        connection.close()  # the children open their own connections to the test database

        read = run_child("read", args)
        imported = run_child("import", args)
        assert imported["rows"] == read["rows"] - 5 - schools, (imported["rows"], read["rows"])
        t_ratio = imported["seconds"] / read["seconds"]
        m_ratio = imported["maxrss_mb"] / read["maxrss_mb"]
        print(f"{imported['rows']:,} участников в {schools:,} школах, файл {args.file.stat().st_size / 2**20:.0f} МБ"
              .replace(",", " "))
        print(f"calamine, только чтение:  {read['seconds']:.1f} с, пик памяти процесса {read['maxrss_mb']:.0f} МБ")
        print(f"импорт (разбор + COPY):   {imported['seconds']:.1f} с (разбор {imported['parse']:.1f} с), "
              f"пик памяти {imported['maxrss_mb']:.0f} МБ")
        print(f"Отношение: время {t_ratio:.2f}×, память {m_ratio:.2f}× (цель ≤ 2)")
        comparison_ratio, signs_ratio = aggregates(imported["round"])
        failed = max(t_ratio, m_ratio, comparison_ratio, signs_ratio) > 2
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    if failed:
        print("ЦЕЛЬ НЕ ДОСТИГНУТА")
        sys.exit(1)


if __name__ == "__main__":
    main()

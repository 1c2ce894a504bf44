"""Assessment procedures and events at scale, timed through Django's test Client as an administrator.

    .venv/bin/python bench/bench_procedures.py [--schools 2000] [--rows 40] [--runs 5]

Builds, in a throwaway test database (SQLite in memory by default; PostgreSQL when DATABASE_URL says so), one
municipality of N schools, each with a schedule of R rows (a third with breaches), one course with participants
from two schools in three; prints per page the median response time and the number of SQL queries, and the time
of the rule checker over one big schedule.
"""
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from common import built, print_pages, print_timed, scale_args  # noqa: E402 (bench/ is on the path)

SUBJECTS = ("Математика", "Русский язык", "История", "Биология", "Физика", "Английский язык")


def build(schools: int, rows: int):
    from monitoring.procedures.choices import EventKind
    from monitoring.procedures.models import Participant, Procedure, Schedule
    from monitoring.procedures.services import event_save, schedule_check
    from tests.factories import add_schools, make_municipality, make_roadmap, make_user
    from schools.models import Role, School

    municipality = make_municipality("Бенчмарк")
    roadmap = make_roadmap(municipality, items=3)
    add_schools(municipality, schools)
    admin = make_user("bench_admin", role=Role.ADMIN)
    officer = make_user("bench_officer", role=Role.MUNICIPAL, municipality=municipality)
    all_schools = list(School.objects.filter(municipality=municipality).order_by("pk"))
    made = Schedule.objects.bulk_create(
        Schedule(school=s, academic_year=2022, row_count=rows, breach_count=(3 if n % 3 == 0 else 0))
        for n, s in enumerate(all_schools))
    start = date(2022, 9, 5)
    Procedure.objects.bulk_create(
        (Procedure(schedule=sch, parallel=5 + k % 6, letter="АБ"[k % 2], subject=SUBJECTS[k % 6],
                   subject_key=SUBJECTS[k % 6].lower(), date=start + timedelta(days=(k * 5) % 250), lesson=1 + k % 6)
         for sch in made for k in range(rows)), batch_size=5000)
    schedule_check(schedule=made[0])
    event = event_save(user=officer, municipality=municipality, kind=EventKind.COURSE, title="Курсы ВСОКО",
                       date_start=date(2022, 10, 10), items=[roadmap.items.first()])
    Participant.objects.bulk_create(
        (Participant(event=event, school=s, person=f"Учитель {k}", added_by=officer)
         for n, s in enumerate(all_schools) if n % 3 for k in range(2)), batch_size=5000)
    return admin, made[0], event, roadmap.items.first()


def main() -> None:
    args = scale_args(__doc__, schools=2000, per_school="rows", default=40)
    with built(build, args.schools, args.rows, described=f"{args.schools} школ × {args.rows} строк графика") as made:
        from django.urls import reverse

        admin, schedule, event, item = made
        pages = [
            ("Графики школ (стр. 1)", reverse("procedures:schedule_list") + "?year=2022"),
            ("Графики, только с нарушениями", reverse("procedures:schedule_list") + "?year=2022&breaches=1"),
            ("График школы с нарушениями", reverse("procedures:schedule_detail", args=[schedule.pk])),
            ("Мероприятие: кто не участвовал", reverse("procedures:event_detail", args=[event.pk])),
            ("Пункт ДК: N из M школ", reverse("procedures:item_coverage", args=[item.pk])),
            ("Список мероприятий", reverse("procedures:event_list")),
        ]
        print_pages(admin, pages, args.runs)
        from monitoring.procedures.rules import Row, check_all

        big = [Row(i, 5 + i % 7, "АБВ"[i % 3], SUBJECTS[i % 6], SUBJECTS[i % 6].lower(),
                   date(2022, 9, 1) + timedelta(days=i % 270), 1 + i % 7) for i in range(3000)]
        start = time.perf_counter()
        found = check_all(big, {(p, s.lower()): 102 for p in range(1, 12) for s in SUBJECTS})
        print_timed("Проверка правил, 3000 строк", start, len(found), "нар.")


if __name__ == "__main__":
    main()

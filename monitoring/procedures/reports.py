"""Excel: a schedule's breaches, and the summary of schools' schedules with breaches (both scoped)."""
from core.xlsx import GREEN, RED, YELLOW, Column, ReportKind, as_of, register_report, user_label, write_xlsx

from . import selectors
from .choices import Rule
from .forms import current_academic_year
from .models import Schedule

BREACH_COLUMNS = [
    Column("Школа", 30, "wrap"), Column("Правило", 26, "wrap"), Column("Класс", 12), Column("Предмет", 20, "wrap"),
    Column("Дата", 11, "date"), Column("В чём нарушение", 70, "wrap"), Column("Строки графика", 40, "wrap"),
]


def _breach_row(breach, school_name: str):
    rows = "; ".join(f"{p.class_label}, {p.subject}, {p.date:%d.%m.%Y}" + (f", {p.lesson}-й урок" if p.lesson else "")
                     for p in breach.procedures.all())
    return [school_name, Rule(breach.rule).label, breach.class_label, breach.subject, breach.first_date,
            breach.reason, rows]


def schedule_breaches_write(*, schedule: Schedule, user, target) -> int:
    breaches = selectors.schedule_breaches(schedule)
    return write_xlsx(
        target, title=f"Нарушения графика оценочных процедур: {schedule.school.short_name}, "
                      f"{schedule.academic_year_label} учебный год",
        subtitle=f"Для: {user_label(user)}, {as_of()}. Правила — письма Минпросвещения № СК-228/03 и "
                 f"Рособрнадзора № 01-169/08-01 от 06.08.2021.",
        columns=BREACH_COLUMNS, rows=(_breach_row(b, schedule.school.short_name) for b in breaches.iterator(chunk_size=500)),
        sheet_title="Нарушения",
    )


SUMMARY_COLUMNS = [
    Column("Муниципалитет", 18), Column("Школа", 36, "wrap"), Column("График загружен", 12,
                                                                    fills={"да": GREEN, "нет": YELLOW}),
    Column("Строк графика", 10, "int"),
    Column("Нарушений", 11, "int", fills=lambda v: RED if isinstance(v, int) and v > 0 else None),
]


def schedules_summary_write(*, user, target, academic_year: int, only_breaches: bool = False) -> int:
    schools = selectors.schools_with_schedules(user, academic_year=academic_year, only_breaches=only_breaches)
    rows = ([s.municipality.short_name, s.short_name, "да" if s.schedule_id else "нет", s.rows_count, s.breach_count]
            for s in schools.iterator(chunk_size=2000))
    return write_xlsx(target, title=f"Графики оценочных процедур школ, {academic_year}–{academic_year + 1} учебный год",
                      subtitle=f"Для: {user_label(user)}, {as_of()}.", columns=SUMMARY_COLUMNS, rows=rows,
                      sheet_title="Графики")


def _summary_args(parser):
    parser.add_argument("--academic-year", type=int, default=None)
    parser.add_argument("--only-breaches", action="store_true")


register_report(ReportKind(
    name="procedure_schedules", label="Графики оценочных процедур школ и нарушения",
    write=lambda *, user, target, options: schedules_summary_write(
        user=user, target=target, academic_year=options.get("academic_year") or current_academic_year(),
        only_breaches=options.get("only_breaches", False)),
    add_arguments=_summary_args, filename=lambda options: "procedure_schedules.xlsx",
))

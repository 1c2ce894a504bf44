"""Writes of schedules: import (all or nothing), hand-entered rows, curriculum hours; every change re-checks."""
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from schools.models import School

from ..choices import Form, Level
from .. import events
from ..models import Procedure, Schedule, ScheduleBreach, SubjectHours
from ..parsing import subject_key
from ..rules import Row, check_all, last_lesson_for
from ..selectors import schedules_changeable_by, schools_for_schedules


def _school_allowed(user, school: School) -> None:
    if not schools_for_schedules(user).filter(pk=school.pk).exists():
        raise PermissionDenied("Нет прав на график этой школы.")


def _schedule_allowed(user, schedule: Schedule) -> Schedule:
    locked = schedules_changeable_by(user).select_for_update().filter(pk=schedule.pk).first()
    if locked is None:
        raise PermissionDenied("Нет прав на изменение этого графика.")
    return locked


def _year_bounds(academic_year: int) -> tuple[date, date]:
    return date(academic_year, 9, 1), date(academic_year + 1, 8, 31)


def schedule_get_or_create(*, school: School, academic_year: int, user) -> Schedule:
    _school_allowed(user, school)
    schedule, _ = Schedule.objects.get_or_create(school=school, academic_year=academic_year)
    return schedule


def _validate_row(row: dict, academic_year: int) -> None:
    start, end = _year_bounds(academic_year)
    day = row["date"] if isinstance(row["date"], date) else date.fromisoformat(row["date"])
    if not start <= day <= end:
        raise ValidationError(f"Строка {row.get('source_row') or ''}: дата {day:%d.%m.%Y} вне "
                              f"{academic_year}–{academic_year + 1} учебного года.".replace("Строка : ", ""))
    if not 1 <= int(row["parallel"]) <= 11:
        raise ValidationError("Параллель должна быть от 1 до 11.")
    if row.get("level") not in Level.values or row.get("form") not in Form.values:
        raise ValidationError("Неизвестный уровень или форма процедуры.")
    if not (row.get("subject") or "").strip():
        raise ValidationError("Не указан предмет.")


def _procedure(schedule: Schedule, row: dict) -> Procedure:
    day = row["date"] if isinstance(row["date"], date) else date.fromisoformat(row["date"])
    subject = row["subject"].strip()[:200]
    return Procedure(schedule=schedule, parallel=int(row["parallel"]), letter=(row.get("letter") or "")[:3],
                     subject=subject, subject_key=subject_key(subject), date=day, lesson=row.get("lesson") or None,
                     level=row["level"], form=row["form"], source_row=row.get("source_row"))


def schedule_import(*, school: School, academic_year: int, rows: list[dict], hours: list[dict] = (), user,
                    source_name: str = "") -> Schedule:
    """Replace the school's schedule of the year with ``rows`` (and add / update ``hours``). All or nothing."""
    _school_allowed(user, school)
    if not rows:
        raise ValidationError("В графике нет ни одной строки.")
    errors = [r for r in rows if r.get("error")]
    if errors:
        raise ValidationError(f"Есть нераспознанные строки ({len(errors)}): исправьте файл или сопоставление столбцов.")
    for row in rows:
        _validate_row(row, academic_year)
    with transaction.atomic():
        schedule, _ = Schedule.objects.get_or_create(school=school, academic_year=academic_year)
        schedule = _schedule_allowed(user, schedule)
        replaced = schedule.procedures.count()
        schedule.procedures.all().delete()
        Procedure.objects.bulk_create([_procedure(schedule, row) for row in rows], batch_size=1000)
        for entry in hours:
            _hours_upsert(schedule, parallel=entry["parallel"], subject=entry["subject"], hours=entry["hours"])
        schedule.source_name = source_name[:255]
        schedule.save(update_fields=["source_name"])
        text = f"Файл «{source_name}»: строк — {len(rows)}" if source_name else f"Строк — {len(rows)}"
        if replaced:
            text += f" (заменены прежние {replaced})"
        if hours:
            text += f"; часы предметов — {len(hours)}"
        events.schedule_imported(author=user, schedule=schedule, text=text + ".")
        schedule_check(schedule=schedule)
    return schedule


def procedure_add(*, schedule: Schedule, user, parallel: int, letter: str, subject: str, day: date,
                  lesson: int | None, level: str, form: str) -> Procedure:
    row = {"parallel": parallel, "letter": letter, "subject": subject, "date": day, "lesson": lesson, "level": level,
           "form": form}
    _validate_row(row, schedule.academic_year)
    with transaction.atomic():
        schedule = _schedule_allowed(user, schedule)
        procedure = _procedure(schedule, row)
        procedure.save()
        events.schedule_changed(author=user, schedule=schedule, text=f"Добавлена строка: {procedure}.")
        schedule_check(schedule=schedule)
    return procedure


def procedure_delete(*, procedure: Procedure, user) -> None:
    with transaction.atomic():
        schedule = _schedule_allowed(user, procedure.schedule)
        label = str(procedure)
        procedure.delete()
        events.schedule_changed(author=user, schedule=schedule, text=f"Удалена строка: {label}.")
        schedule_check(schedule=schedule)


def _hours_upsert(schedule: Schedule, *, parallel: int, subject: str, hours: int) -> None:
    subject = subject.strip()[:200]
    SubjectHours.objects.update_or_create(
        schedule=schedule, parallel=parallel, subject_key=subject_key(subject),
        defaults={"subject": subject, "hours_per_year": hours},
    )


def subject_hours_set(*, schedule: Schedule, user, parallel: int, subject: str, hours: int | None) -> None:
    """Set (or with ``hours=None`` remove) a subject's hours a year in a parallel."""
    if not 1 <= parallel <= 11:
        raise ValidationError({"parallel": "Параллель должна быть от 1 до 11."})
    if not (subject or "").strip():
        raise ValidationError({"subject": "Укажите предмет."})
    if hours is not None and not 1 <= hours <= 400:
        raise ValidationError({"hours": "Часов в год должно быть от 1 до 400."})
    with transaction.atomic():
        schedule = _schedule_allowed(user, schedule)
        if hours is None:
            SubjectHours.objects.filter(schedule=schedule, parallel=parallel, subject_key=subject_key(subject)).delete()
            text = f"{parallel}-е классы, {subject}: часы удалены."
        else:
            _hours_upsert(schedule, parallel=parallel, subject=subject, hours=hours)
            text = f"{parallel}-е классы, {subject}: {hours} ч в год."
        events.hours_changed(author=user, schedule=schedule, text=text)
        schedule_check(schedule=schedule)


def schedule_settings_set(*, schedule: Schedule, user, last_lesson_primary: int, last_lesson_senior: int,
                          published_url: str = "") -> None:
    for value in (last_lesson_primary, last_lesson_senior):
        if not 2 <= value <= 10:
            raise ValidationError("Номер последнего урока должен быть от 2 до 10.")
    with transaction.atomic():
        schedule = _schedule_allowed(user, schedule)
        schedule.last_lesson_primary, schedule.last_lesson_senior = last_lesson_primary, last_lesson_senior
        schedule.published_url = published_url
        schedule.save(update_fields=["last_lesson_primary", "last_lesson_senior", "published_url"])
        events.schedule_changed(author=user, schedule=schedule,
                                text=f"Последний урок: 1–4 классы — {last_lesson_primary}-й, "
                                     f"5–11 классы — {last_lesson_senior}-й.")
        schedule_check(schedule=schedule)


def schedule_check(*, schedule: Schedule) -> int:
    """Run every rule over the schedule and store what it found (the old findings are replaced)."""
    procedures = list(schedule.procedures.all())
    rows = [Row(p.pk, p.parallel, p.letter, p.subject, p.subject_key, p.date, p.lesson) for p in procedures]
    hours = {(h.parallel, h.subject_key): h.hours_per_year for h in schedule.hours.all()}
    found = check_all(rows, hours, last_lesson_for(schedule.last_lessons))
    with transaction.atomic():
        schedule.breaches.all().delete()
        made = ScheduleBreach.objects.bulk_create(
            ScheduleBreach(schedule=schedule, rule=b.rule, parallel=b.parallel, class_label=b.class_label[:30],
                           subject=b.subject[:300], reason=b.reason, first_date=b.dates[0] if b.dates else None)
            for b in found
        )
        links = ScheduleBreach.procedures.through
        links.objects.bulk_create(
            [links(schedulebreach_id=m.pk, procedure_id=pid) for m, b in zip(made, found) for pid in b.row_ids],
            batch_size=1000,
        )
        schedule.breach_count, schedule.row_count, schedule.checked_at = len(found), len(rows), timezone.now()
        schedule.save(update_fields=["breach_count", "row_count", "checked_at"])
    return len(found)

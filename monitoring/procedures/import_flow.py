"""Two imports of the procedures part on the shared flow (core.imports): a school's schedule of assessment
procedures (read on the worker; the officer checks the columns and rows, may re-map the columns, confirms; written
on the worker and checked) and an event's attendance list (participants matched to schools on the worker, shown,
added on the worker all or nothing)."""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from core.imports import Applied, ImportKind, ImportRun, register
from core.uploads import XLSX, validate_upload

from . import selectors, services
from .importer import apply_mapping, guess_mapping, read_attendance, read_workbook


def _check(upload, name: str) -> None:
    validate_upload(upload, allowed=(XLSX,), max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES)


def _read(run: ImportRun) -> dict:
    from django.core.files import File

    with run.open() as stored:
        return read_workbook(File(stored.file, name=run.name))  # under the name it was uploaded with


# --- a school's schedule --------------------------------------------------------------------------------------


def schedule_school(user, params: dict):
    schools = selectors.schools_for_schedules(user)
    if not schools.exists():
        raise PermissionDenied("Загружать графики могут руководители школ и специалисты муниципалитета.")
    if not params:
        return None
    school = schools.filter(pk=params.get("school") or 0).first()
    if school is None:
        raise Http404("Школа загрузки вне вашей зоны ответственности.")
    return school


def schedule_preview(preview: dict):
    return apply_mapping(preview["workbook"], **preview["mapping"])


def _schedule_parse(run: ImportRun) -> dict:
    workbook = _read(run)
    rows = sum(len(sheet["rows"]) for sheet in workbook["sheets"])
    run.progress(rows, rows)
    return {"workbook": workbook, "mapping": guess_mapping(workbook)}


def _schedule_apply(run: ImportRun) -> Applied:
    school = schedule_school(run.user, run.params)
    preview = schedule_preview(run.preview)
    if not preview.ok:
        raise ValidationError(("Сопоставьте обязательные столбцы: " + ", ".join(preview.missing) + ".")
                              if preview.missing else
                              "Есть нераспознанные строки: исправьте файл или сопоставление столбцов.")
    schedule = services.schedule_import(school=school, academic_year=run.params["year"], rows=preview.rows,
                                        hours=preview.hours, user=run.user, source_name=run.name)
    return Applied(f"График загружен: строк — {len(preview.rows)}, нарушений — {schedule.breach_count}.",
                   reverse("procedures:schedule_detail", args=[schedule.pk]), "Открыть график и нарушения")


def _schedule_context(job, user) -> dict:
    from .forms import MappingForm
    from .importer import headers

    school = schedule_school(user, job.params)
    preview, workbook, mapping = schedule_preview(job.preview), job.preview["workbook"], job.preview["mapping"]
    initial = {"sheet": mapping["sheet"], "header_row": mapping["header_row"] + 1,
               **{f"col_{code}": str(col) for code, col in mapping["columns"].items()}}
    year = job.params["year"]
    return {"school": school, "preview": preview, "shown_rows": preview.rows[:200], "error_rows": preview.errors[:100],
            "form": MappingForm(initial=initial, sheets=workbook["sheets"],
                                headers=headers(workbook, mapping["sheet"], mapping["header_row"])),
            "existing": selectors.schedules_visible_to(user).filter(school=school, academic_year=year).first(),
            "year_label": f"{year}–{year + 1}"}


SCHEDULE_IMPORT = register(ImportKind(
    code="schedule", title="Загрузка графика оценочных процедур", upload_url="procedures:schedule_upload",
    preview_template="procedures/schedule_preview.html", authorize=lambda user, params: schedule_school(user, params),
    check=_check, parse=_schedule_parse, apply=_schedule_apply, preview_context=_schedule_context,
    may_confirm=lambda preview: schedule_preview(preview).ok,
))


# --- an event's attendance list -------------------------------------------------------------------------------


def attendance_event(user, params: dict):
    """The event and the schools whose participants the user may add to it."""
    event = selectors.events_visible_to(user).filter(pk=params.get("event") or 0).first()
    if event is None:
        raise Http404("Мероприятие не найдено.")
    schools = selectors.schools_for_participants(user, event)
    if not schools.exists():
        raise PermissionDenied("Нет прав добавлять участников этого мероприятия.")
    return event, schools


def _attendance_parse(run: ImportRun) -> dict:
    _, schools = attendance_event(run.user, run.params)
    rows, errors = read_attendance(_read(run), schools)
    run.progress(len(rows), len(rows) + len(errors))
    names = dict(schools.filter(pk__in={row["school"].pk for row in rows}).values_list("pk", "short_name"))
    return {"rows": [{**row, "school": row["school"].pk, "school_name": names[row["school"].pk]} for row in rows],
            "errors": errors}


def _attendance_apply(run: ImportRun) -> Applied:
    from .services.events import NewParticipant

    event, schools = attendance_event(run.user, run.params)
    by_pk = {school.pk: school for school in schools.filter(pk__in={row["school"] for row in run.preview["rows"]})}
    people = []
    for row in run.preview["rows"]:
        if row["school"] not in by_pk:
            raise PermissionDenied(f"Нет прав добавлять участников от школы «{row['school_name']}».")
        people.append(NewParticipant(school=by_pk[row["school"]], person=row["person"], position=row["position"],
                                     certificate_number=row["certificate_number"]))
    count = services.participants_add(event=event, user=run.user, people=people, source=f"список «{run.name}»")
    return Applied(f"Из списка добавлено участников: {count}.",
                   reverse("procedures:event_detail", args=[event.pk]), "Открыть мероприятие")


ATTENDANCE_IMPORT = register(ImportKind(
    code="attendance", title="Загрузка списка участников", preview_template="procedures/attendance_preview.html",
    upload_url=lambda job: reverse("procedures:event_detail", args=[job.params["event"]]),
    authorize=lambda user, params: attendance_event(user, params) if params else None,
    check=_check, parse=_attendance_parse, apply=_attendance_apply,
    may_confirm=lambda preview: bool(preview.get("rows")) and not preview.get("errors"),
))

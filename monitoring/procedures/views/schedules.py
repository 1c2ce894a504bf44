"""Schedules of assessment procedures: the summary, one schedule with its breaches, the upload and the column
mapping of a waiting preview (reading, preview, confirm and writing are the shared flow: core.imports)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.imports import preview_update, upload_page
from core.jobs.models import BackgroundJob
from core.jobs.views import preview_page
from core.query import search_text
from core.roundtrip import form_round_trip
from core.xlsx import xlsx_response
from core.clock import local_today
from schools.roles import COUNTRY, REGION, user_scope

from .. import selectors, services
from ..choices import Rule
from ..forms import (
    HoursForm,
    MappingForm,
    ProcedureForm,
    ScheduleSettingsForm,
    ScheduleUploadForm,
    current_academic_year,
    year_choices,
)
from ..import_flow import SCHEDULE_IMPORT
from ..importer import headers
from ..reports import schedule_breaches_write, schedules_summary_write
from ..rules import Row, subjects_without_hours
from .common import paginate, query_without_page, require_role



def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else current_academic_year()


@require_GET
def schedule_list(request):
    require_role(request.user)
    year = _year(request)
    scope = user_scope(request.user)
    if scope.is_school_head:
        own = selectors.schedules_visible_to(request.user).filter(academic_year=year).first()
        if own is not None:
            return redirect("procedures:schedule_detail", pk=own.pk)
    only_breaches = request.GET.get("breaches") == "1"
    q = search_text(request)
    schools = selectors.schools_with_schedules(request.user, academic_year=year, only_breaches=only_breaches, q=q)
    context = {
        "year": year, "years": year_choices(), "page": paginate(request, schools), "q": q,
        "only_breaches": only_breaches, "query": query_without_page(request),
        "totals": selectors.schedule_totals(request.user, academic_year=year),
        "can_upload": selectors.schools_for_schedules(request.user).exists(),
        "municipalities": (selectors.municipalities_schedule_summary(request.user, academic_year=year)
                           if scope.level in (COUNTRY, REGION) else None),
    }
    return render(request, "procedures/schedule_list.html", context)


@require_GET
def schedules_export(request):
    require_role(request.user)
    year = _year(request)
    return xlsx_response(
        filename=f"Графики оценочных процедур {year}–{year + 1} — {local_today():%d.%m.%Y}.xlsx",
        write=lambda target: schedules_summary_write(user=request.user, target=target, academic_year=year,
                                                     only_breaches=request.GET.get("breaches") == "1"),
    )


def _schedule_page(request, schedule, *, status=200, **forms):
    can_change = selectors.schedules_changeable_by(request.user).filter(pk=schedule.pk).exists()
    breaches = list(selectors.schedule_breaches(schedule))
    hours = list(schedule.hours.all())
    rows_qs = selectors.schedule_rows(schedule)
    by_rule = {code: 0 for code in Rule.values}
    for breach in breaches:
        by_rule[breach.rule] += 1
    all_rows = [Row(p.pk, p.parallel, p.letter, p.subject, p.subject_key, p.date, p.lesson)
                for p in schedule.procedures.all()]
    context = {
        "schedule": schedule, "school": schedule.school, "breaches": breaches,
        "rule_counts": [(Rule(code).label, n, code) for code, n in by_rule.items()],
        "hours": hours, "page": paginate(request, rows_qs, 100), "query": query_without_page(request),
        "missing_hours": subjects_without_hours(all_rows, {(h.parallel, h.subject_key): h.hours_per_year for h in hours}),
        "history": selectors.history_of(schedule=schedule)[:30], "can_change": can_change,
        "observations": selectors.observations_visible_to(request.user).filter(school=schedule.school)[:10],
        "procedure_form": forms.get("procedure_form") or ProcedureForm(),
        "hours_form": forms.get("hours_form") or HoursForm(),
        "settings_form": forms.get("settings_form") or ScheduleSettingsForm(initial={
            "last_lesson_primary": schedule.last_lesson_primary, "last_lesson_senior": schedule.last_lesson_senior,
            "published_url": schedule.published_url}),
    }
    return render(request, "procedures/schedule_detail.html", context, status=status)


@require_GET
def schedule_detail(request, pk: int):
    return _schedule_page(request, get_object_or_404(selectors.schedules_visible_to(request.user), pk=pk))


@require_GET
def schedule_export(request, pk: int):
    schedule = get_object_or_404(selectors.schedules_visible_to(request.user), pk=pk)
    return xlsx_response(
        filename=f"Нарушения графика — {schedule.school.short_name} — {schedule.academic_year_label}.xlsx",
        write=lambda target: schedule_breaches_write(schedule=schedule, user=request.user, target=target),
    )


def _changeable(request, pk: int):
    schedule = get_object_or_404(selectors.schedules_visible_to(request.user), pk=pk)
    if not selectors.schedules_changeable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("Нет прав на изменение этого графика.")
    return schedule


def _schedule_form_post(request, schedule, form, *, form_name: str, save, success: str):
    """A form of the schedule's page: the service runs, the schedule is checked again; on refusal the page again."""
    return form_round_trip(
        request, form, save=save, success=success,
        redirect_to=redirect("procedures:schedule_detail", pk=schedule.pk),
        page=lambda bound, status: _schedule_page(request, schedule, status=status, **{form_name: bound}),
    )


@require_POST
def procedure_add(request, pk: int):
    schedule = _changeable(request, pk)
    return _schedule_form_post(
        request, schedule, ProcedureForm(request.POST), form_name="procedure_form",
        save=lambda data: services.procedure_add(
            schedule=schedule, user=request.user, parallel=data["class_label"][0], letter=data["class_label"][1],
            subject=data["subject"], day=data["day"], lesson=data["lesson"], level=data["level"], form=data["form"]),
        success="Строка добавлена, график проверен заново.",
    )


@require_POST
def procedure_delete(request, pk: int):
    procedure = get_object_or_404(selectors.procedures_visible_to(request.user).select_related("schedule"), pk=pk)
    _changeable(request, procedure.schedule_id)
    services.procedure_delete(procedure=procedure, user=request.user)
    messages.success(request, "Строка удалена, график проверен заново.")
    return redirect("procedures:schedule_detail", pk=procedure.schedule_id)


@require_POST
def hours_set(request, pk: int):
    schedule = _changeable(request, pk)
    return _schedule_form_post(
        request, schedule, HoursForm(request.POST), form_name="hours_form",
        save=lambda data: services.subject_hours_set(
            schedule=schedule, user=request.user, parallel=data["parallel"], subject=data["subject"],
            hours=data["hours"] or None),
        success="Часы сохранены, график проверен заново.",
    )


@require_POST
def settings_set(request, pk: int):
    schedule = _changeable(request, pk)
    return _schedule_form_post(
        request, schedule, ScheduleSettingsForm(request.POST), form_name="settings_form",
        save=lambda data: services.schedule_settings_set(schedule=schedule, user=request.user, **data),
        success="Настройки сохранены, график проверен заново.",
    )


# --- upload, then the shared flow (core.imports; ../import_flow.py); the column mapping of a waiting preview ----


@require_http_methods(["GET", "POST"])
def schedule_upload(request):
    SCHEDULE_IMPORT.authorize(request.user, {})
    schools = selectors.schools_for_schedules(request.user)
    return upload_page(request, kind=SCHEDULE_IMPORT, template="procedures/schedule_upload.html",
                       make_form=lambda data, files: ScheduleUploadForm(data, files, schools=schools),
                       params=lambda form: {"school": form.cleaned_data["school"].pk,
                                            "year": form.cleaned_data["academic_year"]})


@require_POST
def schedule_mapping(request, pk: int):
    """The officer corrects which column is which: the rows already read are shown again with it."""
    job = get_object_or_404(BackgroundJob.objects.filter(owner=request.user, kind=SCHEDULE_IMPORT.job_kind,
                                                         state=BackgroundJob.State.PREVIEW), pk=pk)
    SCHEDULE_IMPORT.authorize(request.user, job.params)
    workbook, mapping = job.preview["workbook"], job.preview["mapping"]
    sheet, header_row = mapping["sheet"], mapping["header_row"]
    if str(request.POST.get("sheet", "")).isdigit() and int(request.POST["sheet"]) < len(workbook["sheets"]):
        sheet = int(request.POST["sheet"])
    if str(request.POST.get("header_row", "")).isdigit():
        header_row = max(int(request.POST["header_row"]) - 1, 0)
    form = MappingForm(request.POST, sheets=workbook["sheets"], headers=headers(workbook, sheet, header_row))
    if form.is_valid():
        preview_update(job=job, user=request.user, changes={"mapping": form.mapping()})
        return redirect("jobs:detail", pk=job.pk)
    return preview_page(request, job, extra={"form": form}, status=400)

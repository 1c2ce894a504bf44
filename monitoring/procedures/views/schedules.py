"""Schedules of assessment procedures: the summary, one schedule with its breaches, upload → mapping → confirm."""
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.query import search_text
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
from ..importer import apply_mapping, guess_mapping, headers, read_workbook
from ..reports import schedule_breaches_write, schedules_summary_write
from ..rules import Row, subjects_without_hours
from .common import form_errors, paginate, query_without_page, require_role

SESSION_KEY = "schedule_imports"
MAX_PENDING = 2


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


@require_POST
def procedure_add(request, pk: int):
    schedule = _changeable(request, pk)
    form = ProcedureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.procedure_add(schedule=schedule, user=request.user, parallel=data["class_label"][0],
                                   letter=data["class_label"][1], subject=data["subject"], day=data["day"],
                                   lesson=data["lesson"], level=data["level"], form=data["form"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Строка добавлена, график проверен заново.")
            return redirect("procedures:schedule_detail", pk=pk)
    return _schedule_page(request, schedule, procedure_form=form, status=400)


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
    form = HoursForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.subject_hours_set(schedule=schedule, user=request.user, parallel=data["parallel"],
                                       subject=data["subject"], hours=data["hours"] or None)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Часы сохранены, график проверен заново.")
            return redirect("procedures:schedule_detail", pk=pk)
    return _schedule_page(request, schedule, hours_form=form, status=400)


@require_POST
def settings_set(request, pk: int):
    schedule = _changeable(request, pk)
    form = ScheduleSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_settings_set(schedule=schedule, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Настройки сохранены, график проверен заново.")
            return redirect("procedures:schedule_detail", pk=pk)
    return _schedule_page(request, schedule, settings_form=form, status=400)


# --- upload → mapping / preview → confirm ---------------------------------------------------


def _pending(request, token: str) -> dict:
    if not selectors.schools_for_schedules(request.user).exists():  # a region or the country loads no schedules
        raise PermissionDenied("Загружать графики могут руководители школ и специалисты муниципалитета.")
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None or pending.get("user") != request.user.pk:
        raise Http404("Загрузка не найдена: возможно, она уже подтверждена или отменена.")
    return pending


@require_http_methods(["GET", "POST"])
def schedule_upload(request):
    schools = selectors.schools_for_schedules(request.user)
    if not schools.exists():
        raise PermissionDenied("Загружать графики могут руководители школ и специалисты муниципалитета.")
    form = ScheduleUploadForm(request.POST or None, request.FILES or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            workbook = read_workbook(upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            imports = request.session.get(SESSION_KEY, {})
            while len(imports) >= MAX_PENDING:
                imports.pop(next(iter(imports)))
            token = secrets.token_urlsafe(12)
            imports[token] = {"user": request.user.pk, "school": form.cleaned_data["school"].pk,
                              "year": form.cleaned_data["academic_year"], "file_name": upload.name[:255],
                              "workbook": workbook, "mapping": guess_mapping(workbook)}
            request.session[SESSION_KEY] = imports
            return redirect("procedures:schedule_preview", token=token)
    return render(request, "procedures/schedule_upload.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _mapping_form(pending, data=None):
    mapping = pending["mapping"]
    sheet = mapping["sheet"]
    if data is not None and str(data.get("sheet", "")).isdigit() and int(data["sheet"]) < len(pending["workbook"]["sheets"]):
        sheet = int(data["sheet"])
    header_row = mapping["header_row"]
    if data is not None and str(data.get("header_row", "")).isdigit():
        header_row = max(int(data["header_row"]) - 1, 0)
    initial = {"sheet": mapping["sheet"], "header_row": mapping["header_row"] + 1,
               **{f"col_{code}": str(col) for code, col in mapping["columns"].items()}}
    return MappingForm(data, initial=initial, sheets=pending["workbook"]["sheets"],
                       headers=headers(pending["workbook"], sheet, header_row))


def _preview(request, token, pending, *, form=None, errors=(), status=200):
    form = form or _mapping_form(pending)
    mapping = pending["mapping"]
    preview = apply_mapping(pending["workbook"], **mapping)
    school = get_object_or_404(selectors.schools_for_schedules(request.user), pk=pending["school"])
    existing = selectors.schedules_visible_to(request.user).filter(school=school, academic_year=pending["year"]).first()
    context = {"token": token, "pending": pending, "school": school, "form": form, "preview": preview,
               "shown_rows": preview.rows[:200], "error_rows": preview.errors[:100], "errors": list(errors),
               "existing": existing, "year_label": f"{pending['year']}–{pending['year'] + 1}"}
    return render(request, "procedures/schedule_preview.html", context, status=status)


@require_http_methods(["GET", "POST"])
def schedule_preview(request, token: str):
    """GET shows the guessed mapping and the rows it reads; POST applies a corrected mapping."""
    pending = _pending(request, token)
    if request.method == "GET":
        return _preview(request, token, pending)
    form = _mapping_form(pending, request.POST)
    if not form.is_valid():
        return _preview(request, token, pending, form=form, status=400)
    pending["mapping"] = form.mapping()
    imports = request.session.get(SESSION_KEY, {})
    imports[token] = pending
    request.session[SESSION_KEY] = imports
    return redirect("procedures:schedule_preview", token=token)


@require_POST
def schedule_confirm(request, token: str):
    pending = _pending(request, token)
    school = get_object_or_404(selectors.schools_for_schedules(request.user), pk=pending["school"])
    preview = apply_mapping(pending["workbook"], **pending["mapping"])
    if not preview.ok:
        problem = ("Сопоставьте обязательные столбцы: " + ", ".join(preview.missing) + ".") if preview.missing else \
            "Есть нераспознанные строки: исправьте файл или сопоставление столбцов."
        return _preview(request, token, pending, errors=[problem], status=400)
    try:
        schedule = services.schedule_import(school=school, academic_year=pending["year"], rows=preview.rows,
                                            hours=preview.hours, user=request.user, source_name=pending["file_name"])
    except ValidationError as error:
        return _preview(request, token, pending, errors=error.messages, status=400)
    imports = request.session.get(SESSION_KEY, {})
    imports.pop(token, None)
    request.session[SESSION_KEY] = imports
    messages.success(request, f"График загружен: строк — {len(preview.rows)}, нарушений — {schedule.breach_count}.")
    return redirect("procedures:schedule_detail", pk=schedule.pk)


@require_POST
def schedule_cancel(request, token: str):
    _pending(request, token)
    imports = request.session.get(SESSION_KEY, {})
    imports.pop(token, None)
    request.session[SESSION_KEY] = imports
    messages.info(request, "Загрузка отменена: ничего не записано.")
    return redirect("procedures:schedule_list")

"""ВПР pages: the comparison with journal marks (drill-down, Excel), risk schools, a school's page with its signs and
charts, and the upload of a results file (read, previewed and written on the worker: core.imports). Thin: selectors read, services write."""
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.imports import upload_page
from core.roundtrip import form_round_trip
from core.xlsx import xlsx_response
from schools.roles import user_scope
from schools.selectors import schools_visible_to

from . import selectors, services
from .forms import SignTaskForm, VprUploadForm
from .import_flow import VPR_IMPORT
from .reports import comparison_report_filename, comparison_report_write

PAGE_SIZE = 50
CHART_COLOURS = {"marks": ["#dc3545", "#fd7e14", "#0d6efd", "#198754"], "groups": ["#6f42c1", "#20c997", "#d63384"]}


def _require_role(user) -> None:
    if user_scope(user).role is None:
        raise PermissionDenied("Нет доступа к результатам ВПР.")


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _round(request):
    rounds = list(selectors.rounds_visible_to(request.user).order_by("-year", "subject", "grade", "pk"))
    wanted = _int_param(request, "round")
    if wanted is not None:
        chosen = next((r for r in rounds if r.pk == wanted), None)
        if chosen is None:
            raise Http404("Работа не найдена.")
        return chosen, rounds
    return (rounds[0] if rounds else None), rounds


def _charts(row: selectors.GroupRow, prefix: str) -> list[dict]:
    """Two charts of one group: marks 2–5 and the three groups, each with its numbers for the table beside it."""
    charts = [
        {"id": f"{prefix}-marks", "title": "Распределение отметок за работу", "type": "bar",
         "labels": ["«2»", "«3»", "«4»", "«5»"], "values": row.marks, "colours": CHART_COLOURS["marks"],
         "unit": "участников"},
        {"id": f"{prefix}-groups", "title": "Отметка за работу и отметка по журналу", "type": "bar",
         "labels": ["Понизили", "Подтвердили", "Повысили"], "values": row.groups,
         "colours": CHART_COLOURS["groups"], "unit": "участников"},
    ]
    for chart in charts:
        chart["data_id"] = f"{chart['id']}-data"
        chart["pairs"] = list(zip(chart["labels"], chart["values"]))
    return charts


def _query(params: dict) -> str:
    from django.utils.http import urlencode

    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@require_GET
def comparison(request):
    _require_role(request.user)
    round_, rounds = _round(request)
    context = {"rounds": rounds, "round": round_}
    if round_ is not None:
        level = selectors.comparison_level(request.user, round_, region_id=_int_param(request, "region"),
                                           municipality_id=_int_param(request, "municipality"),
                                           school_id=_int_param(request, "school"))
        total = selectors.level_total(level)
        page = Paginator(selectors.level_children(level), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = selectors.label_rows(level, list(page))
        here = {"round": round_.pk, **level.trail[-1][1]}
        context.update(level=level, total=total, page=page, rows=rows, charts=_charts(total, "level"),
                       trail=[(label, _query({"round": round_.pk, **params})) for label, params in level.trail],
                       query=_query(here), export_query=_query(here))
    return render(request, "vpr/comparison.html", context)


@require_GET
def comparison_export(request):
    _require_role(request.user)
    round_, _ = _round(request)
    if round_ is None:
        raise Http404("Нет результатов ВПР.")
    level = selectors.comparison_level(request.user, round_, region_id=_int_param(request, "region"),
                                       municipality_id=_int_param(request, "municipality"),
                                       school_id=_int_param(request, "school"))
    return xlsx_response(filename=comparison_report_filename(level),
                         write=lambda target: comparison_report_write(level=level, user=request.user, target=target))


@require_GET
def risk_schools(request):
    scope = user_scope(request.user)
    if scope.role is None or scope.is_school_head:
        raise PermissionDenied("Список школ с признаками доступен специалистам.")
    round_, rounds = _round(request)
    context = {"rounds": rounds, "round": round_}
    if round_ is not None:
        figures, flagged, municipalities = selectors.risk_schools(
            request.user, round_, municipality_id=_int_param(request, "municipality"))
        page = Paginator(flagged, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(figures=figures, page=page, municipalities=municipalities,
                       query=_query({"round": round_.pk, "municipality": _int_param(request, "municipality")}))
    return render(request, "vpr/risk_schools.html", context)


def _school_page(request, school, round_, rounds, *, form=None, status=200):
    level = selectors.comparison_level(request.user, round_, school_id=school.pk)
    total = selectors.level_total(level)
    classes = selectors.label_rows(level, list(selectors.level_children(level)[:200]))
    figures, report = selectors.school_signs(round_, school)
    given = {t.sign: t for t in selectors.sign_tasks_visible_to(request.user).filter(round=round_, school=school)}
    items = services.items_for_signs(request.user, school)
    open_signs = [s.code for s in (report.found if report else []) if s.code not in given]
    if form is None and open_signs and items.exists():
        form = SignTaskForm(signs=open_signs, items=items)
    controlled = selectors.controls_visible_to(request.user).filter(round=round_, school=school).prefetch_related(
        "observers", "documents").first()
    context = {"school": school, "round": round_, "rounds": rounds, "total": total, "classes": classes,
               "figures": figures, "report": report, "given": given, "form": form, "controlled": controlled,
               "charts": _charts(total, "school"), "query": _query({"round": round_.pk})}
    return render(request, "vpr/school.html", context, status=status)


@require_GET
def school_detail(request, pk: int):
    _require_role(request.user)
    school = get_object_or_404(schools_visible_to(request.user), pk=pk)
    round_, rounds = _round(request)
    if round_ is None:
        raise Http404("Нет результатов ВПР.")
    return _school_page(request, school, round_, rounds)


@require_POST
def school_sign_task(request, pk: int):
    scope = user_scope(request.user)
    school = get_object_or_404(schools_visible_to(request.user), pk=pk)
    if not (scope.is_admin or scope.is_municipal):
        raise PermissionDenied("Поручить школе задачу может специалист её муниципалитета.")
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=request.POST.get("round") or 0)
    _, report = selectors.school_signs(round_, school)
    items = services.items_for_signs(request.user, school)
    form = SignTaskForm(request.POST, signs=[s.code for s in (report.found if report else [])], items=items)
    return form_round_trip(
        request, form,
        save=lambda data: services.vpr_sign_to_task(
            user=request.user, round_=round_, school=school, sign=data["sign"], item=data["item"],
            due_date=data["due_date"], comment=data["comment"]),
        page=lambda bound, status: _school_page(
            request, school, round_,
            list(selectors.rounds_visible_to(request.user).order_by("-year", "subject", "grade", "pk")),
            form=bound, status=status),
        success=lambda link: (f"Школе поручено: объяснение и план по признаку «{link.get_sign_display()}» "
                              f"(п. {link.item.number} дорожной карты)."),
        redirect_to=lambda link: reverse("monitoring:task_detail", args=[link.task_id]),
    )


# --- upload (then the shared flow: core.imports, the job's page on jobs:detail) ----------------------


@require_http_methods(["GET", "POST"])
def upload(request):
    VPR_IMPORT.authorize(request.user, {})
    return upload_page(request, kind=VPR_IMPORT, make_form=VprUploadForm, template="vpr/import_upload.html",
                       params=lambda form: {"scale": form.cleaned_data["scale"], "overrides": form.overrides()})


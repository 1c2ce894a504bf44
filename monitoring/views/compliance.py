"""Deadline compliance: the matrix, the rates page and municipalities side by side."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.clock import local_today
from core.xlsx import xlsx_response
from roadmaps.selectors import roadmaps_visible_to
from core.query import page_number
from schools import access
from schools.access import OFFICER_LEVELS
from schools.roles import user_scope
from schools.selectors import municipalities_visible_to, schools_visible_to

from .. import selectors
from ..forms import MatrixFilterForm, RatesFilterForm
from ..models import Compliance
from ..reports import compliance_report_filename, compliance_report_write
from ..reports_overview import municipalities_report_write, rates_report_write

MATRIX_PAGE_SIZE = 50
RATES_PAGE_SIZE = 100
CHART_LIMIT = 50  # municipalities on the chart; the table and the Excel file have all of them
CHART_STATES = ("on_time", "late", "overdue", "not_due", "no_deadline")


def _page(request, queryset, size):
    return Paginator(queryset, size).get_page(page_number(request))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def compliance_matrix(request):
    today = local_today()
    roadmaps = list(roadmaps_visible_to(request.user).order_by("municipality__short_name", "-academic_year", "pk"))
    form = MatrixFilterForm(request.GET or None, roadmaps=roadmaps)
    data = form.cleaned_data if form.is_valid() else {}
    by_pk = {r.pk: r for r in roadmaps}
    roadmap = by_pk.get(data.get("roadmap")) or (roadmaps[0] if roadmaps else None)
    context = {
        "form": form,
        "roadmap": roadmap,
        "today": today,
        "states": Compliance,
        "query": _query_without_page(request),
    }
    if roadmap is not None:
        columns = selectors.matrix_columns(roadmap)
        schools = selectors.matrix_schools(
            request.user, roadmap=roadmap, state=data.get("state", ""), q=(data.get("q") or "").strip(), today=today
        )
        page = _page(request, schools, MATRIX_PAGE_SIZE)
        selectors.column_rates(request.user, roadmap=roadmap, columns=columns, today=today)
        context.update(
            columns=columns,
            page=page,
            state=data.get("state", ""),
            rows=selectors.matrix_page_rows(
                request.user, roadmap=roadmap, columns=columns, schools=list(page), today=today
            ),
            totals=selectors.compliance_totals(
                selectors.school_tasks_visible_to(request.user).filter(
                    selectors.roadmap_tasks_q(roadmap), school__is_active=True
                ),
                today,
            ),
        )
    return render(request, "monitoring/compliance_matrix.html", context)


@require_GET
def compliance_matrix_export(request):
    """The matrix page as Excel: the same GET filters, every school (not one page)."""
    roadmaps = roadmaps_visible_to(request.user).order_by("municipality__short_name", "-academic_year", "pk")
    form = MatrixFilterForm(request.GET or None, roadmaps=roadmaps)
    if form.is_bound and "roadmap" in form.errors:
        raise Http404("Дорожная карта не найдена.")
    data = form.cleaned_data if form.is_valid() else {}
    roadmap = roadmaps.filter(pk=data["roadmap"]).first() if data.get("roadmap") else roadmaps.first()
    if roadmap is None:
        raise Http404("Дорожная карта не найдена.")
    today = local_today()
    state, q = data.get("state", ""), (data.get("q") or "").strip()
    schools = schools_visible_to(request.user).filter(municipality_id=roadmap.municipality_id, is_active=True)
    if schools.count() >= settings.BACKGROUND_EXPORT_MIN_SCHOOLS:
        # Tens of thousands of rows: built on the worker, the officer waits on a page with a download link.
        from core.jobs.services import export_job_start

        job = export_job_start(
            user=request.user,
            kind="compliance",
            params={"roadmap": roadmap.pk, "state": state, "q": q},
            filename=compliance_report_filename(roadmap, today),
        )
        return redirect("jobs:detail", pk=job.pk)
    return xlsx_response(
        filename=compliance_report_filename(roadmap, today),
        write=lambda target: compliance_report_write(
            roadmap=roadmap, user=request.user, target=target, state=state, q=q, today=today
        ),
    )


def _chosen_municipality(request, municipalities) -> tuple:
    scope = user_scope(request.user)
    form = RatesFilterForm(request.GET or None, municipalities=municipalities)
    chosen = form.cleaned_data.get("municipality") if form.is_valid() else None
    if scope.is_municipal or scope.is_school_head:
        chosen = scope.municipality_id
    return form, chosen


@require_GET
def compliance_rates(request):
    today = local_today()
    municipalities = list(municipalities_visible_to(request.user))
    form, chosen = _chosen_municipality(request, municipalities)
    tasks = selectors.school_tasks_visible_to(request.user).filter(school__is_active=True)
    if chosen:
        tasks = tasks.filter(school__municipality_id=chosen)
    context = {
        "form": form,
        "today": today,
        "show_filter": len(municipalities) > 1,
        "municipality": next((m for m in municipalities if m.pk == chosen), None),
        "totals": selectors.compliance_totals(tasks, today),
        "page": _page(
            request,
            selectors.schools_with_compliance(request.user, municipality_id=chosen, today=today),
            RATES_PAGE_SIZE,
        ),
        "sources": selectors.source_rates(request.user, municipality_id=chosen, today=today),
        "query": _query_without_page(request),
    }
    context["chart"] = [
        {"state": state, "label": Compliance(state).label, "count": context["totals"].get(f"n_{state}") or 0}
        for state in CHART_STATES
    ]
    return render(request, "monitoring/compliance_rates.html", context)


@require_GET
def compliance_rates_export(request):
    """The rates page's schools as Excel: the same municipality filter, every school (not one page)."""
    municipalities = list(municipalities_visible_to(request.user))
    if not municipalities:
        raise PermissionDenied("Нет доступа к показателям исполнения сроков.")
    _, chosen = _chosen_municipality(request, municipalities)
    municipality = next((m for m in municipalities if m.pk == chosen), None)
    today = local_today()
    suffix = municipality.short_name if municipality else "все муниципалитеты"
    return xlsx_response(
        filename=f"Исполнение сроков по школам — {suffix} — {today:%d.%m.%Y}.xlsx",
        write=lambda target: rates_report_write(user=request.user, target=target, municipality=municipality,
                                                today=today),
    )


@require_GET
def municipalities(request):
    if not access.may_act_at(request.user, levels=OFFICER_LEVELS):
        raise PermissionDenied("Сравнение муниципалитетов доступно специалистам органов управления образованием.")
    today = local_today()
    rows = selectors.municipality_comparison(request.user, today=today)
    chart = [
        {"label": m.short_name, **{state: (m.rates or {}).get(f"n_{state}") or 0 for state in CHART_STATES}}
        for m in rows[:CHART_LIMIT]
    ]
    context = {"today": today, "municipalities": rows, "chart": chart, "chart_cut": len(rows) > CHART_LIMIT,
               "chart_limit": CHART_LIMIT}
    return render(request, "monitoring/municipalities.html", context)


def _require_comparison(user) -> None:
    if not access.may_act_at(user, levels=OFFICER_LEVELS):
        raise PermissionDenied("Сравнение муниципалитетов доступно специалистам органов управления образованием.")


@require_GET
def municipalities_export(request):
    _require_comparison(request.user)
    today = local_today()
    return xlsx_response(
        filename=f"Муниципалитеты — {today:%d.%m.%Y}.xlsx",
        write=lambda target: municipalities_report_write(user=request.user, target=target, today=today),
    )

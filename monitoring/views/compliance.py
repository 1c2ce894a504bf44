"""Deadline compliance: the matrix, the rates page and municipalities side by side."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.safestring import mark_safe

from core import links
from core.clock import local_today
from core.xlsx import xlsx_response
from roadmaps.selectors import roadmaps_visible_to
from core.query import int_param, page_number
from schools import access
from schools.access import OFFICER_LEVELS
from core.listing import page_of, query_without, sort_from
from core.text import truncate_chars
from roadmaps.pickers import roadmap_label
from schools.roles import user_scope
from schools.selectors import municipalities_visible_to, schools_visible_to
from schools.versions import render_cached

from .. import selectors
from ..forms import MatrixFilterForm, RatesFilterForm
from ..models import Compliance
from ..reports import (
    compliance_report_filename,
    compliance_report_write,
    region_report_filename,
    region_report_write,
)
from ..reports_overview import municipalities_report_write, rates_report_write
from ..selectors.rollups import rollups_current
from ..templatetags.monitoring_tags import percent, ru_plural, task_source

MATRIX_PAGE_SIZE = 50
MATRIX_COLUMNS = 12
RATES_PAGE_SIZE = 100
CHART_LIMIT = 50  # municipalities on the chart; the table and the Excel file have all of them
CHART_STATES = ("on_time", "late", "overdue", "not_due", "no_deadline")


def _page(request, queryset, size):
    return Paginator(queryset, size).get_page(page_number(request))


def _query_without_page(request) -> str:
    return query_without(request, "page")


@require_GET
def compliance_matrix(request):
    return render_cached(request, "monitoring/compliance_matrix.html", lambda: _matrix_context(request))


def _matrix_context(request) -> dict:
    today = local_today()
    roadmaps = roadmaps_visible_to(request.user).order_by("municipality__short_name", "-academic_year", "pk")
    form = MatrixFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    roadmap = (roadmaps.filter(pk=data["roadmap"]).first() if data.get("roadmap") else None) or roadmaps.first()
    context = {
        "form": form,
        "roadmap": roadmap,
        "roadmap_label": roadmap_label(roadmap),
        "today": today,
        "states": Compliance,
        "query": _query_without_page(request),
    }
    if roadmap is not None:
        state = data.get("state", "")
        sources = selectors.roadmap_sources(roadmap)
        all_columns = sources.columns
        # A roadmap with many items is paged by columns too: MATRIX_COLUMNS at a time.
        column_pages = max(1, -(-len(all_columns) // MATRIX_COLUMNS))
        column_page = min(data.get("cols") or 1, column_pages)
        columns = all_columns[(column_page - 1) * MATRIX_COLUMNS: column_page * MATRIX_COLUMNS]
        # Page the schools first, then count only the page's tasks (not every school's, to show fifty).
        schools = selectors.matrix_school_list(
            request.user, roadmap=roadmap, state=state, q=(data.get("q") or "").strip(), today=today, sources=sources
        )
        page = _page(request, schools, MATRIX_PAGE_SIZE)
        page.object_list = list(page.object_list)
        selectors.fill_page_rows(
            request.user, sources=sources, columns=columns, schools=page.object_list, today=today, state=state
        )
        context.update(
            columns=columns,
            column_page=column_page,
            column_pages=column_pages,
            column_first=(column_page - 1) * MATRIX_COLUMNS + 1,
            column_last=(column_page - 1) * MATRIX_COLUMNS + len(columns),
            column_total=len(all_columns),
            columns_query=query_without(request, "cols"),
            page=page,
            state=state,
            rows=page.object_list,
            totals=selectors.roadmap_figures(request.user, sources=sources, today=today),
        )
    return context


@require_GET
def compliance_matrix_export(request):
    """The matrix page as Excel: the same GET filters, every school (not one page)."""
    roadmaps = roadmaps_visible_to(request.user).order_by("municipality__short_name", "-academic_year", "pk")
    form = MatrixFilterForm(request.GET or None)
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


RATES_SORTS = {"rate": "Доля в срок", "overdue": "Просрочено", "name": "Школа"}
SOURCE_SORTS = {"source": "Мероприятие", "overdue": "Просрочено", "rate": "Доля в срок"}
MUNICIPALITY_SORTS = {"name": "Муниципалитет", "schools": "Школ", "overdue": "Просрочено", "rate": "Доля в срок"}
SOURCES_PAGE_SIZE = 50
MUNICIPALITIES_PAGE_SIZE = 100


@require_GET
def region_compliance_export(request):
    """Every school the user may see — a regional specialist's region — in one Excel sheet, streamed."""
    if not access.may_act_at(request.user, levels=OFFICER_LEVELS):
        raise PermissionDenied("Выгрузка по всем школам доступна специалистам органов управления образованием.")
    academic_year = int_param(request, "academic_year", min_value=2000, max_value=2100)
    if schools_visible_to(request.user).filter(is_active=True).count() >= settings.BACKGROUND_EXPORT_MIN_SCHOOLS:
        # A region or the country: built on the worker, the specialist waits on a page with a download link.
        from core.jobs.services import export_job_start

        job = export_job_start(
            user=request.user, kind="region_compliance", params={"academic_year": academic_year},
            filename=region_report_filename(),
        )
        return redirect("jobs:detail", pk=job.pk)
    return xlsx_response(
        filename=region_report_filename(),
        write=lambda target: region_report_write(
            user=request.user, target=target, academic_year=academic_year
        ),
    )


def _chosen_municipality(request) -> tuple:
    """The rates filter: (form, chosen id, the municipality) — a municipal officer or a head is held to their own;
    an id outside the user's scope is a 404."""
    scope = user_scope(request.user)
    form = RatesFilterForm(request.GET or None)
    chosen = form.cleaned_data.get("municipality") if form.is_valid() else None
    if scope.is_municipal or scope.is_school_head:
        chosen = scope.municipality_id
    municipality = municipalities_visible_to(request.user).filter(pk=chosen).first() if chosen else None
    if chosen and municipality is None:
        raise Http404("Муниципалитет не найден.")
    return form, chosen, municipality


@require_GET
def compliance_rates(request):
    return render_cached(request, "monitoring/compliance_rates.html", lambda: _rates_context(request))


def _rates_context(request) -> dict:
    today = local_today()
    visible = municipalities_visible_to(request.user)
    form, chosen, municipality = _chosen_municipality(request)
    sort = sort_from(request, RATES_SORTS, default="rate")
    source_sort = sort_from(request, SOURCE_SORTS, default="source", param="ssort", reset=("spage",))
    current = rollups_current(today)  # asked once for the three readers below
    if sort.key == "rate":
        schools = selectors.RatedFirst(
            request.user, municipality_id=chosen, today=today, descending=sort.descending, current=current
        )
    else:
        schools = selectors.schools_with_compliance(
            request.user, municipality_id=chosen, today=today, order_by=sort.order_by(selectors.SCHOOL_ORDERINGS),
            current=current,
        )
    sources = selectors.source_rates(
        request.user, municipality_id=chosen, today=today, order_by=source_sort.order_by(selectors.SOURCE_ORDERINGS),
        current=current,
    )
    source_page = page_of(request, sources, SOURCES_PAGE_SIZE, param="spage")
    context = {
        "form": form,
        "today": today,
        "show_filter": visible[:2].count() > 1,
        "municipality": municipality,
        "totals": selectors.scope_totals(request.user, municipality_id=chosen, today=today, current=current),
        "sort": sort,
        "source_sort": source_sort,
        "page": page_of(
            request, schools, RATES_PAGE_SIZE,
            count=selectors.schools_in_rates(request.user, municipality_id=chosen).count(),
        ),
        "source_page": source_page,
        "sources": selectors.with_source_labels(source_page.object_list),
        "query": query_without(request, "page"),
        "source_query": query_without(request, "spage"),
    }
    context["chart"] = [
        {"state": state, "label": Compliance(state).label, "count": context["totals"].get(f"n_{state}") or 0}
        for state in CHART_STATES
    ]
    context["page"].object_list = list(context["page"].object_list)
    context["school_rows"] = _school_rows_html(context["page"].object_list, with_municipality=municipality is None)
    context["source_rows"] = _source_rows_html(context["sources"], with_municipality=municipality is None)
    return context


def _overdue_class(n) -> str:
    return "text-end text-danger fw-semibold" if n else "text-end"


def _school_rows_html(schools, *, with_municipality: bool) -> list[str]:
    """The rates page's school rows, written once per row rather than through a dozen template lookups each
    (a hundred rows a page). Every text from the database is escaped; the counts are numbers."""
    cabinet_url = links.pk_url("monitoring:school_cabinet")
    rows = []
    for s in schools:
        where = f'<div class="small-muted">{escape(s.municipality.short_name)}</div>' if with_municipality else ""
        rows.append(mark_safe(  # noqa: S308 — every text is escaped
            f'<tr><td><a href="{cabinet_url(s.pk)}">{escape(s.short_name)}</a>{where}</td> '
            f'<td class="text-end">{s.n_on_time}</td><td class="text-end">{s.n_late}</td> '
            f'<td class="{_overdue_class(s.n_overdue)}">{s.n_overdue}</td><td class="text-end">{s.n_not_due}</td> '
            f'<td class="text-end fw-semibold">{percent(s.rate)}</td></tr>'
        ))
    return rows


def _source_rows_html(sources, *, with_municipality: bool) -> list[str]:
    """The rates page's rows per item / order clause (``with_source_labels`` dicts), written once per row.
    Every text from the database is escaped; the counts are numbers."""
    item_url, order_url = links.pk_url("roadmaps:item_detail"), links.pk_url("roadmaps:order_detail")
    rows = []
    for row in sources:
        if row.get("item_id"):
            url, text, deadline = item_url(row["item_id"]), row.get("item__activity", ""), row.get("item__deadline_text", "")
        else:
            url, text, deadline = (
                order_url(row["clause__order_id"]), row.get("clause__text", ""), row.get("clause__deadline_text", "")
            )
        where = (f' <div class="small-muted">{escape(str(row.get("school__municipality__short_name", "")))}</div>'
                 if with_municipality else "")
        rows.append(mark_safe(  # noqa: S308 — every text is escaped
            f'<tr><td><a href="{url}">{escape(task_source(row))}</a> {escape(truncate_chars(text, 90))}{where}</td> '
            f'<td class="deadline-phrase small">{escape(str(deadline))}</td> '
            f'<td class="text-end">{row.get("n_on_time", "")}</td><td class="text-end">{row.get("n_late", "")}</td> '
            f'<td class="{_overdue_class(row.get("n_overdue"))}">{row.get("n_overdue", "")}</td> '
            f'<td class="text-end fw-semibold">{percent(row.get("rate", ""))}</td></tr>'
        ))
    return rows


@require_GET
def compliance_rates_export(request):
    """The rates page's schools as Excel: the same municipality filter, every school (not one page)."""
    if not municipalities_visible_to(request.user).exists():
        raise PermissionDenied("Нет доступа к показателям исполнения сроков.")
    _, _, municipality = _chosen_municipality(request)
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
    return render_cached(request, "monitoring/municipalities.html", lambda: _municipalities_context(request))


def _municipalities_context(request) -> dict:
    today = local_today()
    sort = sort_from(request, MUNICIPALITY_SORTS, default="name")
    pages = {}

    def page(rows):
        pages["page"] = page_of(request, rows, MUNICIPALITIES_PAGE_SIZE)
        return list(pages["page"].object_list)

    rows = selectors.municipality_comparison(
        request.user, today=today, sort=sort.key, descending=sort.descending, page=page
    )
    return {
        "today": today,
        "municipalities": rows,
        "page": pages["page"],
        "sort": sort,
        "query": query_without(request, "page"),
        # The chart shows the page's first municipalities; the table pages on, the Excel file has all of them.
        "chart": [
            {"label": m.short_name, **{state: (m.rates or {}).get(f"n_{state}") or 0 for state in CHART_STATES}}
            for m in rows[:CHART_LIMIT]
        ],
        "chart_cut": len(rows) > CHART_LIMIT or pages["page"].paginator.num_pages > 1,
        "chart_limit": CHART_LIMIT,
        "rows": _municipality_rows_html(rows),
    }


def _half_up(value: float) -> int:
    """What ``{{ value|floatformat:0 }}`` prints for a rate (half up, from the float's shortest repr)."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _municipality_rows_html(municipalities) -> list[str]:
    """The comparison's rows, written once per municipality rather than through two dozen template lookups and
    filters each. The name is escaped; the rest are numbers and fixed words."""
    rates_url = escape(reverse("monitoring:compliance_rates"))
    rows = []
    for m in municipalities:
        rates = m.rates or {}
        rate = rates.get("rate")
        if rate is not None:
            rate_html = (f'<div class="d-flex align-items-center gap-2"><div class="progress rate-bar flex-grow-1">'
                         f'<div class="progress-bar bg-success pct-{_half_up(rate)}"></div></div>'
                         f"<strong>{percent(rate)}</strong></div>")
        else:
            rate_html = "—"
        if m.checks:
            checks = m.checks
            checks_html = (f'{ru_plural(checks["campaigns"], "мониторинг,мониторинга,мониторингов")}<div class="small-muted">'
                           f'проверок сайтов: {checks["checked"]} из {checks["expected"]}</div>')
        else:
            checks_html = "—"
        rows.append(mark_safe(  # noqa: S308 — the name is escaped, the rest are numbers
            f'<tr><td><a href="{rates_url}?municipality={m.pk}">{escape(m.name)}</a></td> '
            f'<td class="text-end">{m.n_schools}</td><td class="text-end">{rates.get("n_total") or 0}</td> '
            f'<td class="text-end">{rates.get("n_on_time") or 0}</td><td class="text-end">{rates.get("n_late") or 0}</td> '
            f'<td class="{_overdue_class(rates.get("n_overdue"))}">{rates.get("n_overdue") or 0}</td> '
            f'<td class="text-end">{rates.get("n_not_due") or 0}</td> '
            f"<td>{rate_html}</td> "
            f'<td class="small">{checks_html}</td></tr>'
        ))
    return rows


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

"""Pages of the roadmap side: thin — parse input, call a selector or service, render."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.clock import local_today
from core.listing import page_of, query_without, sort_from
from core.roundtrip import form_round_trip
from core import evidence
from schools.versions import cached_block, render_cached

from . import rows, selectors
from .forms import DeadlineForm, ItemFilterForm, StatusChangeForm
from .services import OPEN_SCHOOLS_CODE, item_set_deadline, item_set_status


ROADMAPS_PAGE_SIZE = 50
ROADMAP_SORTS = {"municipality": "Муниципалитет", "year": "Учебный год", "overdue": "Просрочено"}


@require_GET
def roadmap_list(request):
    return render_cached(request, "roadmaps/roadmap_list.html", lambda: _roadmap_list_context(request))


def _roadmap_list_context(request) -> dict:
    sort = sort_from(request, ROADMAP_SORTS, default="municipality")
    pages = {}

    def page(qs):
        pages["page"] = page_of(request, qs, ROADMAPS_PAGE_SIZE, count=selectors.roadmaps_visible_to(request.user).count())
        return pages["page"]

    roadmaps = selectors.roadmaps_with_progress(
        request.user, order_by=sort.order_by(selectors.ROADMAP_ORDERINGS), page=page
    )
    return {"roadmap_rows": rows.roadmap_rows(roadmaps), "page": pages["page"], "sort": sort,
            "query": query_without(request, "page")}


@require_GET
def roadmap_detail(request, pk: int):
    roadmap = get_object_or_404(selectors.roadmaps_visible_to(request.user), pk=pk)
    return render_cached(request, "roadmaps/roadmap_detail.html", lambda: _roadmap_context(request, roadmap),
                         roadmap=roadmap)


def _roadmap_context(request, roadmap) -> dict:
    today = local_today()
    all_items = selectors.roadmap_all_items(roadmap, today=today)
    choices = selectors.responsible_choices(roadmap, all_schools=any(item.all_schools for item in all_items))
    form = ItemFilterForm(request.GET or None, responsible_choices=choices)
    filters = form.to_filters()
    items = selectors.items_shown(roadmap, filters, all_items, today=today)
    context = {
        "roadmap": roadmap,
        "order": roadmap.order,
        "filter_form": form,
        "filters_active": any(v for v in (filters.status, filters.responsible, filters.overdue, filters.q)),
        "item_rows": rows.item_rows(selectors.with_schools_progress(items, today=today)),
        "progress": rows.progress_html(selectors.progress_of(all_items)),
        "query_string": request.GET.urlencode(),
    }
    return context


@require_GET
def roadmap_timeline(request, pk: int):
    roadmap = get_object_or_404(selectors.roadmaps_visible_to(request.user), pk=pk)
    today = local_today()
    bars, undated = selectors.timeline_tasks(roadmap, today=today)
    context = {"roadmap": roadmap, "order": roadmap.order, "bars": bars, "undated": undated, "today": today,
               "today_in_range": bool(bars) and min(b["start"] for b in bars) <= today.isoformat()
               <= max(b["end"] for b in bars)}
    return render(request, "roadmaps/roadmap_timeline.html", context)


@require_GET
def order_detail(request, pk: int):
    order = get_object_or_404(selectors.orders_visible_to(request.user), pk=pk)
    roadmaps = list(selectors.roadmaps_visible_to(request.user).filter(order=order))
    for roadmap in roadmaps:  # an order approves one roadmap, rarely two
        roadmap.item_rows = rows.item_rows(selectors.with_schools_progress(selectors.roadmap_items(roadmap)))
    context = {
        "order": order,
        "clauses": selectors.with_municipalities(request.user, selectors.order_clauses(order)),
        "citations": order.citations.select_related("cited_order").all(),
        "roadmaps": roadmaps,
    }
    return render(request, "roadmaps/order_detail.html", context)


def _item_schools(user, item) -> dict:
    """An «все ОО» item's schools: progress and the first rows (its heaviest part, cached per data version); a
    regional «все МОУО» item's municipalities."""
    schools = selectors.item_schools_progress(item)
    school_tasks = selectors.item_schools(user, item)
    municipalities = selectors.item_municipalities(user, item)
    return {
        "schools": schools,
        "schools_progress": rows.schools_progress_html(item.status, schools),
        "school_tasks": school_tasks,
        "school_rows": rows.school_rows(school_tasks),
        "municipalities": municipalities,
    }


def _item_page(request, item, *, status_form=None, deadline_form=None, status=200):
    can_change, cited = selectors.item_page_flags(request.user, item)
    context = {
        "item": item,
        "roadmap": item.roadmap,
        "history": selectors.item_history(item),
        "can_change": can_change,
        "cited_by_schools_work": cited,
        "status_form": status_form or StatusChangeForm(initial={"status": item.status, "version": item.version}),
        "deadline_form": deadline_form
        or DeadlineForm(initial={"start": item.deadline_start, "end": item.deadline_end, "version": item.version}),
        "deadline_warnings": selectors.item_deadline_warnings(item),
        **cached_block("item_schools", request.user, lambda: _item_schools(request.user, item), item.pk, local_today()),
    }
    return render(request, "roadmaps/item_detail.html", context, status=status)


@require_GET
def item_detail(request, pk: int):
    return _item_page(request, selectors.item_for_page(request.user, pk))


@require_POST
def item_status(request, pk: int):
    item = selectors.item_for_page(request.user, pk)
    if not selectors.can_change_item(request.user, item):
        raise PermissionDenied("Нет прав на изменение этого мероприятия.")
    form = StatusChangeForm(request.POST, request.FILES, confirm_needed="confirm_open_schools" in request.POST)

    def conflict_page(data):
        fresh = selectors.item_for_page(request.user, pk)
        fresh_form = StatusChangeForm(initial={**data, "evidence_file": None, "version": fresh.version})
        return _item_page(request, fresh, status_form=fresh_form, status=409)

    def page(bound, status):
        refusals = bound.errors.as_data().get("__all__", []) if bound is not None else []
        if any(e.code == OPEN_SCHOOLS_CODE for e in refusals) and "confirm_open_schools" not in bound.fields:
            # The second step: the same form again, now with the confirmation box.
            confirm = StatusChangeForm(request.POST, confirm_needed=True)
            confirm.is_valid()
            for error in refusals:
                confirm.add_error(None, error)
            bound = confirm
        return _item_page(request, item, status_form=bound, status=status)

    return form_round_trip(
        request, form,
        save=lambda data: item_set_status(
            item=item, user=request.user, status=data["status"], expected_version=data["version"],
            comment=data["comment"], evidence_file=data["evidence_file"], evidence_url=data["evidence_url"],
            confirm_open_schools=form.confirmed(),
        ),
        page=page,
        conflict_page=conflict_page,
        success="Статус сохранён.", redirect_to=reverse("roadmaps:item_detail", args=[item.pk]),
    )


@require_POST
def item_deadline(request, pk: int):
    item = selectors.item_for_page(request.user, pk)
    if not selectors.can_change_item(request.user, item):
        raise PermissionDenied("Нет прав на изменение этого мероприятия.")
    return form_round_trip(
        request, DeadlineForm(request.POST),
        save=lambda data: item_set_deadline(
            item=item, user=request.user, start=data["start"], end=data["end"],
            expected_version=data["version"], comment=data["comment"],
        ),
        page=lambda bound, status: _item_page(
            request, item if bound else selectors.item_for_page(request.user, pk), deadline_form=bound, status=status,
        ),
        success="Период исполнения сохранён.", redirect_to=reverse("roadmaps:item_detail", args=[item.pk]),
    )


@require_GET
def evidence_download(request, pk: int):
    return evidence.evidence_download(selectors.item_events_visible_to(request.user), pk)

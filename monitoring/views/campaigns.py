"""Website-check campaigns: list, creation, the results table and the per-school check form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.clock import local_today
from core.listing import detached, page_of, query_without, sort_from
from core.roundtrip import add_errors, form_round_trip
from core.xlsx import xlsx_response
from core.query import page_number
from roadmaps.selectors import items_changeable_by
from schools import access
from schools.access import OFFICER_LEVELS
from schools.roles import user_scope
from schools.selectors import municipalities_changeable_by, schools_visible_to
from schools.versions import cached_block

from .. import selectors
from ..forms import CampaignFilterForm, CampaignForm, WebsiteCheckForm
from ..reports import campaign_report_filename, campaign_report_write
from ..services import campaign_create as create_campaign
from ..services import website_check_save

RESULTS_PAGE_SIZE = 100


def _refuse_school_heads(user):
    if not access.may_act_at(user, levels=OFFICER_LEVELS):
        raise PermissionDenied("Мониторинг сайтов ведут специалисты органов управления образованием.")


CAMPAIGN_SORTS = {"period": "Период", "municipality": "Муниципалитет", "title": "Мониторинг"}
CAMPAIGNS_PAGE_SIZE = 50


@require_GET
def campaign_list(request):
    _refuse_school_heads(request.user)
    sort = sort_from(request, CAMPAIGN_SORTS, default="-period")
    ordered = selectors.campaigns_visible_to(request.user).order_by(*sort.order_by(selectors.CAMPAIGN_ORDERINGS))
    page = page_of(request, ordered.values_list("pk", flat=True), CAMPAIGNS_PAGE_SIZE)
    campaigns = selectors.campaigns_with_progress(request.user, ids=list(page.object_list))
    context = {
        "rows": selectors.campaign_rows_html(campaigns),
        "page": page,
        "sort": sort,
        "query": query_without(request, "page"),
        "can_create": selectors.can_create_campaigns(request.user),
    }
    return render(request, "monitoring/campaign_list.html", context)


@require_http_methods(["GET", "POST"])
def campaign_create(request):
    if not selectors.can_create_campaigns(request.user):
        raise PermissionDenied("Мониторинг может создать специалист муниципалитета.")
    municipalities = list(municipalities_changeable_by(request.user))
    items = list(
        items_changeable_by(request.user)
        .select_related("roadmap__municipality")
        .order_by("roadmap__municipality__short_name", "roadmap_id", "position")
    )
    form = CampaignForm(request.POST or None, municipalities=municipalities, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {m.pk: m for m in municipalities}
        item = next((i for i in items if i.pk == data["item"]), None)
        try:
            campaign = create_campaign(
                user=request.user,
                municipality=by_pk[data["municipality"]],
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                item=item,
                act_kinds=data["act_kinds"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Мониторинг создан. Заполните проверку по каждой школе.")
            return redirect("monitoring:campaign_detail", pk=campaign.pk)
    return render(request, "monitoring/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


def _sees_whole_municipality(user, campaign) -> bool:
    """The user sees every school of the campaign's municipality (the country, its region or the municipality)."""
    scope = user_scope(user)
    return bool(
        scope.sees_everything
        or (scope.is_regional and scope.region_id == campaign.municipality.region_id)
        or (scope.is_municipal and scope.municipality_id == campaign.municipality_id)
    )


@require_GET
def campaign_detail(request, pk: int):
    # The page shows the item's number and deadline, not its roadmap: one join and its columns fewer.
    visible = selectors.campaigns_visible_to(request.user).select_related(None).select_related("municipality", "item")
    campaign = get_object_or_404(visible, pk=pk)
    # The results are counted once per data version (a check saved raises it).
    form = CampaignFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    context = cached_block(
        "campaign_results", request.user, lambda: _campaign_results(request, campaign, data),
        campaign.pk, request.GET.urlencode(), local_today(),
    )
    # Not in the cache: the filter form (it holds its renderer) and the automatic run's progress, which the worker
    # moves without a version.
    context.update(form=form, sitecheck=selectors.sitecheck_progress(campaign))
    return render(request, "monitoring/campaign_detail.html", context)


def _campaign_results(request, campaign, data: dict) -> dict:
    criteria = selectors.campaign_criteria(campaign)
    check_filter, q = data.get("check_filter", ""), (data.get("q") or "").strip()
    # Every active school of the municipality: the page's rows carry the campaign's progress (window counts).
    whole = not check_filter and not q and _sees_whole_municipality(request.user, campaign)
    rows = selectors.campaign_result_rows(request.user, campaign, check_filter=check_filter, q=q, with_progress=whole)
    number = page_number(request)
    page_rows = list(rows[(number - 1) * RESULTS_PAGE_SIZE:number * RESULTS_PAGE_SIZE]) if whole else []
    # Filtered, or past the last page: the progress has a query of its own.
    progress = selectors.progress_of_rows(page_rows) or selectors.campaign_progress(campaign)
    paginator = Paginator(rows, RESULTS_PAGE_SIZE)
    if whole:
        paginator.count = progress["total"]  # the same active schools: not counted twice
    page = paginator.get_page(number)
    page.object_list = page_rows if page_rows else list(page.object_list)
    scores = selectors.check_scores([row["check_id"] for row in page.object_list if row["check_id"]])
    totals = selectors.criterion_totals(campaign, criteria)
    can_change = selectors.campaigns_changeable_by(request.user).filter(pk=campaign.pk).exists()
    max_score = selectors.campaign_max_score(criteria)
    rows_html = selectors.result_rows_html(
        page.object_list, criteria=criteria, scores=scores, campaign=campaign, can_change=can_change,
        max_score=max_score,
    )
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "campaign": campaign,
        "act_kinds": list(campaign.act_kinds.all()),
        "criteria": [(c, totals.get(c.pk)) for c in criteria],
        "max_score": max_score,
        "progress": progress,
        "page": detached(page),
        "rows": rows_html,
        "can_change": can_change,
        "query": params.urlencode(),
    }


@require_GET
def campaign_export(request, pk: int):
    """The results table as Excel: the same GET filters, every school (not one page)."""
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    form = CampaignFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    check_filter, q = data.get("check_filter", ""), (data.get("q") or "").strip()
    return xlsx_response(
        filename=campaign_report_filename(campaign),
        write=lambda target: campaign_report_write(
            campaign=campaign, user=request.user, target=target, check_filter=check_filter, q=q
        ),
    )


@require_http_methods(["GET", "POST"])
def website_check_edit(request, pk: int, school_pk: int):
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    school = get_object_or_404(
        schools_visible_to(request.user).filter(municipality_id=campaign.municipality_id, is_active=True), pk=school_pk
    )
    if not selectors.campaigns_changeable_by(request.user).filter(pk=campaign.pk).exists():
        raise PermissionDenied("Нет прав на проверку в этом мониторинге.")
    criteria = selectors.campaign_criteria(campaign)
    check = campaign.checks.filter(school=school).prefetch_related("scores").first()
    form = WebsiteCheckForm(
        request.POST or None, criteria=criteria, initial=WebsiteCheckForm.initial_for(check, criteria)
    )

    def page(bound, status):
        history = selectors.check_history(check) if check else []
        latest_automatic = next((event for event in history if event.kind == "automatic"), None)
        context = {"campaign": campaign, "school": school, "check": check, "form": bound or form, "history": history,
                   "automatic": latest_automatic}
        return render(request, "monitoring/check_form.html", context, status=status)

    if request.method != "POST":
        return page(form, 200)
    return form_round_trip(
        request, form,
        save=lambda data: website_check_save(
            campaign=campaign, school=school, user=request.user, found=data["found"], scores=form.scores(),
            page_url=data["page_url"], document_url=data["document_url"], other_urls=data["other_urls"],
            remarks=data["remarks"], method=data["method"], expected_version=data["version"],
        ),
        page=page,
        success=f"Проверка сайта школы {school.short_name} сохранена.",
        redirect_to=reverse("monitoring:campaign_detail", args=[campaign.pk]),
    )

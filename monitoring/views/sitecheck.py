"""Automatic website checks: start a run, its progress as JSON (polled by static JS), confirm a result."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from core.concurrency import EditConflict
from schools.selectors import schools_visible_to

from .. import selectors
from ..services import sitecheck_start, website_check_confirm


@require_POST
def sitecheck_run(request, pk: int):
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    try:
        run = sitecheck_start(user=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Автоматическая проверка запущена: {run.jobs.count()} школ. Результаты появятся по мере проверки."
        )
    return redirect("monitoring:campaign_detail", pk=campaign.pk)


@require_GET
def sitecheck_progress(request, pk: int):
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    progress = selectors.sitecheck_progress(campaign)
    if progress is None:
        return JsonResponse({"run": None})
    progress["started_at"] = progress["started_at"].isoformat()
    progress["campaign"] = selectors.campaign_progress(campaign)  # the «Проверено школ» card, updated with it
    # the «Критерии» card: per criterion, how many checked schools met it in full (the card's «N из checked»)
    progress["criteria"] = {str(pk): row["full"] for pk, row in selectors.criterion_totals(campaign).items()}
    return JsonResponse(progress)


@require_POST
def website_check_confirm_view(request, pk: int, school_pk: int):
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    school = get_object_or_404(schools_visible_to(request.user).filter(municipality_id=campaign.municipality_id),
                               pk=school_pk)
    check = get_object_or_404(campaign.checks, school=school)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        website_check_confirm(user=request.user, check=check, expected_version=version)
    except (EditConflict, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    except PermissionDenied:
        raise
    else:
        messages.success(request, f"Результат автоматической проверки школы {school.short_name} подтверждён.")
    return redirect("monitoring:website_check_edit", pk=campaign.pk, school_pk=school.pk)

"""The campaign edit page: title, period, acts sought and the checklist, in one form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .. import selectors
from ..forms_campaign_edit import CampaignEditForm, CriteriaFormSet
from ..services.campaign_edit import campaign_update


def _initial(campaign):
    form = CampaignEditForm(initial={"title": campaign.title, "period_start": campaign.period_start,
                                     "period_end": campaign.period_end, "act_kinds": list(campaign.act_kinds.all())})
    criteria = CriteriaFormSet(prefix="criteria", initial=[
        {"id": c.pk, "title": c.title, "short_title": c.short_title, "description": c.description,
         "max_score": c.max_score}
        for c in selectors.campaign_criteria(campaign)
    ])
    return form, criteria


@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = get_object_or_404(selectors.campaigns_changeable_by(request.user).select_related("municipality"), pk=pk)
    status = 200
    if request.method == "POST":
        form = CampaignEditForm(request.POST)
        criteria = CriteriaFormSet(request.POST, prefix="criteria")
        if form.is_valid() and criteria.is_valid():
            rows = [f.cleaned_data for f in criteria.forms if f.cleaned_data]  # an untouched blank row is empty
            data = form.cleaned_data
            try:
                campaign_update(campaign=campaign, user=request.user, title=data["title"],
                                period_start=data["period_start"], period_end=data["period_end"],
                                act_kinds=data["act_kinds"], criteria=rows)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Мониторинг сохранён.")
                return redirect("monitoring:campaign_detail", pk=campaign.pk)
        status = 400
    else:
        form, criteria = _initial(campaign)
    return render(request, "monitoring/campaign_edit.html",
                  {"campaign": campaign, "form": form, "criteria": criteria}, status=status)

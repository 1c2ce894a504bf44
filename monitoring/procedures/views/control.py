"""The authority's observations of assessment procedures in schools."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.query import int_param
from core.roundtrip import add_errors
from core.uploads import private_file_response
from schools.selectors import schools_visible_to

from .. import selectors, services
from ..forms import ObservationForm
from .common import paginate, query_without_page, require_role


@require_GET
def observation_list(request):
    require_role(request.user)
    qs = selectors.observations_visible_to(request.user)
    school, item = int_param(request, "school"), int_param(request, "item")
    if school:
        qs = qs.filter(school_id=school)
    if item:
        qs = qs.filter(item_id=item)
    context = {"page": paginate(request, qs.select_related("school__municipality", "item__roadmap", "task")),
               "query": query_without_page(request), "can_record": selectors.can_record_observations(request.user),
               "filter_school": schools_visible_to(request.user).filter(pk=school).first() if school else None,
               "filter_item": selectors.items_visible_to(request.user).filter(pk=item).first() if item else None}
    return render(request, "procedures/observation_list.html", context)


def _form(request, data=None, files=None):
    user = request.user
    schools = schools_visible_to(user).filter(is_active=True)
    items = selectors.items_visible_to(user).order_by("roadmap__municipality__short_name", "roadmap_id", "position")
    procedures = selectors.procedures_visible_to(user).select_related("schedule__school").order_by(
        "schedule__school__short_name", "date", "parallel", "letter")
    raw = (data or request.GET).get("school", "")
    school_id = int(raw) if str(raw).isascii() and str(raw).isdigit() and len(str(raw)) < 19 else None
    if school_id:
        procedures = procedures.filter(schedule__school_id=school_id)
    else:
        procedures = procedures.none()
    initial = {"school": school_id, "item": request.GET.get("item")}
    return ObservationForm(data, files, schools=schools, items=items, procedures=procedures, initial=initial)


@require_http_methods(["GET", "POST"])
def observation_create(request):
    if not selectors.can_record_observations(request.user):
        raise PermissionDenied("Наблюдения вносят специалисты муниципалитета.")
    form = _form(request, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation = services.observation_record(
                user=request.user, school=data["school"], day=data["day"], observers=data["observers"],
                findings=data["findings"], item=data["item"], procedure=data["procedure"],
                procedure_text=data["procedure_text"], protocol=data["protocol"], to_task=data["to_task"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            text = "Наблюдение сохранено."
            if observation.task_id:
                text += " Замечания переданы школе в задачу по мероприятию дорожной карты."
            messages.success(request, text)
            return redirect("procedures:observation_detail", pk=observation.pk)
    return render(request, "procedures/observation_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@require_GET
def observation_detail(request, pk: int):
    observation = get_object_or_404(selectors.observations_visible_to(request.user), pk=pk)
    return render(request, "procedures/observation_detail.html", {
        "observation": observation, "history": selectors.history_of(observation=observation)})


@require_GET
def observation_protocol(request, pk: int):
    observation = get_object_or_404(selectors.observations_visible_to(request.user), pk=pk)
    return private_file_response(observation.protocol, filename=observation.file_name,
                                 content_type=observation.file_content_type)

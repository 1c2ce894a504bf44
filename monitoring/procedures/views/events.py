"""Professional events for school teams, their participants, and the roadmap items they serve."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.imports import upload_page
from core.query import int_param, search_text
from core.roundtrip import add_errors, form_round_trip
from core.uploads import private_file_response
from schools.selectors import municipalities_visible_to, organizations_visible_to

from .. import selectors, services
from ..forms import AttendanceUploadForm, EventForm, MaterialForm, ParticipantForm
from ..import_flow import ATTENDANCE_IMPORT
from ..services.events import NewParticipant
from .common import paginate, query_without_page, require_role


@require_GET
def event_list(request):
    require_role(request.user)
    qs = selectors.events_visible_to(request.user).annotate(
        n_people=Count("participants", distinct=True),
        n_schools=Count("participants__school", distinct=True),
    ).prefetch_related("items").order_by("-date_start", "-pk")
    kind = search_text(request, "kind", max_length=30)
    if kind:
        qs = qs.filter(kind=kind)
    return render(request, "procedures/event_list.html", {
        "page": paginate(request, qs), "query": query_without_page(request),
        "can_create": selectors.can_create_events(request.user), "kind": kind,
        "items": selectors.items_with_events(request.user)[:50],
    })


def _event_form(request, data=None, event=None):
    municipalities = municipalities_visible_to(request.user)
    items = selectors.items_visible_to(request.user).order_by("roadmap__municipality__short_name", "roadmap_id",
                                                               "position")
    initial = {}
    if event is not None:
        initial = {"municipality": event.municipality_id, "kind": event.kind, "title": event.title,
                   "date_start": event.date_start, "date_end": event.date_end, "organizer": event.organizer_id,
                   "items": list(event.items.values_list("pk", flat=True)), "description": event.description}
    elif (item_id := int_param(request, "item")) is not None:
        initial = {"items": [item_id]}
    return EventForm(data, initial=initial, municipalities=municipalities,
                     organizations=organizations_visible_to(request.user), items=items)


@require_http_methods(["GET", "POST"])
def event_create(request, pk: int | None = None):
    event = None
    if pk is not None:
        event = get_object_or_404(selectors.events_changeable_by(request.user), pk=pk)
    elif not selectors.can_create_events(request.user):
        raise PermissionDenied("Мероприятия вносят специалисты муниципалитета.")
    form = _event_form(request, request.POST or None, event)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(user=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Мероприятие сохранено.")
            return redirect("procedures:event_detail", pk=event.pk)
    return render(request, "procedures/event_form.html", {"form": form, "event": event},
                  status=400 if request.method == "POST" else 200)


def _event_page(request, event, *, status=200, participant_form=None, material_form=None, attendance_form=None,
                attendance_errors=()):
    schools = selectors.schools_for_participants(request.user, event)
    coverage = selectors.event_coverage(event, user=request.user)
    participants = selectors.participants_visible_to(request.user).filter(event=event).order_by(
        "school__short_name", "person")
    can_change = selectors.events_changeable_by(request.user).filter(pk=event.pk).exists()
    context = {
        "event": event, "items": event.items.select_related("roadmap__municipality").order_by("roadmap_id", "position"),
        "materials": event.materials.all(), "page": paginate(request, participants, 100),
        "query": query_without_page(request),
        "absent": [s for s in coverage if not s.took_part], "present": [s for s in coverage if s.took_part],
        "can_change": can_change, "can_add": schools.exists(),
        "participant_form": participant_form or ParticipantForm(schools=schools),
        "participant_schools": schools.only("pk", "short_name").order_by("short_name", "pk"),
        "material_form": material_form or MaterialForm(),
        "attendance_form": attendance_form or AttendanceUploadForm(), "attendance_errors": list(attendance_errors),
        "history": selectors.history_of(event=event)[:30],
    }
    return render(request, "procedures/event_detail.html", context, status=status)


def _visible_event(request, pk):
    return get_object_or_404(selectors.events_visible_to(request.user), pk=pk)


def _event_form_post(request, event, form, *, form_name: str, save, success: str):
    """A form of the event's page: the service runs; on refusal the page again with the form's errors."""
    return form_round_trip(
        request, form, save=save, success=success, redirect_to=redirect("procedures:event_detail", pk=event.pk),
        page=lambda bound, status: _event_page(request, event, status=status, **{form_name: bound}),
    )


@require_GET
def event_detail(request, pk: int):
    return _event_page(request, _visible_event(request, pk))


@require_POST
def participant_add(request, pk: int):
    event = _visible_event(request, pk)
    schools = selectors.schools_for_participants(request.user, event)
    if not schools.exists():
        raise PermissionDenied("Нет прав добавлять участников этого мероприятия.")
    return _event_form_post(
        request, event, ParticipantForm(request.POST, request.FILES, schools=schools), form_name="participant_form",
        save=lambda data: services.participants_add(event=event, user=request.user, people=[NewParticipant(**data)]),
        success="Участник добавлен.",
    )


@require_POST
def attendance_import(request, pk: int):
    """An attendance list: read on the worker, shown, added on confirmation (core.imports; ../import_flow.py)."""
    event = _visible_event(request, pk)
    ATTENDANCE_IMPORT.authorize(request.user, {"event": event.pk})
    return upload_page(request, kind=ATTENDANCE_IMPORT, make_form=AttendanceUploadForm, params=lambda form: {
        "event": event.pk}, render_page=lambda form, errors, status: _event_page(
        request, event, attendance_form=form, status=status,
        attendance_errors=["Ничего не записано.", *errors] if errors else ()))


@require_POST
def material_add(request, pk: int):
    event = get_object_or_404(selectors.events_changeable_by(request.user), pk=pk)
    return _event_form_post(
        request, event, MaterialForm(request.POST, request.FILES), form_name="material_form",
        save=lambda data: services.event_material_add(event=event, user=request.user, **data),
        success="Материал добавлен.",
    )


@require_POST
def participant_remove(request, pk: int):
    participant = get_object_or_404(selectors.participants_visible_to(request.user), pk=pk)
    services.participant_remove(participant=participant, user=request.user)
    messages.success(request, "Участник удалён.")
    return redirect("procedures:event_detail", pk=participant.event_id)


@require_GET
def certificate_download(request, pk: int):
    participant = get_object_or_404(selectors.participants_visible_to(request.user), pk=pk)
    return private_file_response(participant.certificate, filename=participant.file_name,
                                 content_type=participant.file_content_type)


@require_GET
def material_download(request, pk: int):
    from ..models import EventMaterial

    material = get_object_or_404(EventMaterial.objects.filter(event__in=selectors.events_visible_to(request.user)
                                                              .values("pk")), pk=pk)
    return private_file_response(material.file, filename=material.file_name, content_type=material.file_content_type)


@require_GET
def item_coverage(request, pk: int):
    """A roadmap item served by events: which schools took part, which did not."""
    item = get_object_or_404(selectors.items_visible_to(request.user), pk=pk)
    schools = selectors.item_coverage(item, user=request.user)
    present = [s for s in schools if s.took_part]
    events = (selectors.events_visible_to(request.user).filter(items=item)
              .annotate(n_schools=Count("participants__school", distinct=True),
                        n_people=Count("participants", distinct=True)).order_by("date_start", "pk"))
    observations = selectors.observations_visible_to(request.user).filter(item=item)
    return render(request, "procedures/item_coverage.html", {
        "item": item, "events": events, "present": present, "absent": [s for s in schools if not s.took_part],
        "total": len(schools), "percent": round(100 * len(present) / len(schools)) if schools else 0,
        "observations_count": observations.count(),
        "can_create": selectors.can_create_events(request.user),
    })

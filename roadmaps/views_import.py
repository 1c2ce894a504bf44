"""Documents in, Excel out: the order import's upload and column-mapping pages (the rest of the flow — reading,
preview, confirm, writing — is the shared one: core.imports, roadmaps/import_flow.py) and the Excel downloads.
"""
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.clock import local_today
from core.imports import import_reparse, upload_page
from core.jobs.models import BackgroundJob
from core.jobs.views import preview_page
from core.xlsx import xlsx_response
from schools import access
from schools.reports import schools_report_write

from . import selectors
from .forms import ItemFilterForm, SummaryFilterForm
from .import_flow import ORDER_IMPORT, importable
from .importers.forms import ColumnMappingForm, OrderUploadForm
from .reports import roadmap_report_filename, roadmap_report_write, summary_report_write


def _target_params(form) -> dict:
    municipality, region = form.cleaned_data.get("municipality"), form.cleaned_data.get("region")
    return {"municipality": municipality.pk if municipality else None, "region": region.pk if region else None}


@require_http_methods(["GET", "POST"])
def order_import(request):
    municipalities, regions = importable(request.user)
    return upload_page(request, kind=ORDER_IMPORT, template="roadmaps/import_upload.html", params=_target_params,
                       make_form=lambda data, files: OrderUploadForm(data, files, municipalities=municipalities,
                                                                     regions=regions))


@require_POST
def order_import_columns(request, pk: int):
    """The column-mapping step: the officer says which column is which; the worker reads the file again with it."""
    job = get_object_or_404(BackgroundJob.objects.filter(owner=request.user, kind=ORDER_IMPORT.job_kind), pk=pk)
    ORDER_IMPORT.authorize(request.user, job.params)
    needed = job.preview.get("columns_needed")
    if needed is None:
        return redirect("jobs:detail", pk=job.pk)
    form = ColumnMappingForm(request.POST, headers=needed["headers"], letters=needed["letters"])
    if form.is_valid():
        mapping = form.cleaned_data["mapping"]
        labels = dict(ColumnMappingForm.role_labels())
        try:
            import_reparse(job=job, user=request.user, params={
                "columns": mapping, "needed": needed,
                "mapped_columns": [f"{needed['letters'][index]} — {labels[role]}"
                                   for role, index in sorted(mapping.items(), key=lambda pair: pair[1])]})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("jobs:detail", pk=job.pk)
    return preview_page(request, job, extra={"columns_form": form}, status=400)


# --- Excel downloads ---------------------------------------------------------------------


def _require_role(user) -> None:
    if not access.has_role(user):
        raise PermissionDenied("Нет доступа к отчётам.")


@require_GET
def roadmap_export(request, pk: int):
    """The roadmap page as Excel, with the page's filters (same GET parameters)."""
    roadmap = get_object_or_404(selectors.roadmaps_visible_to(request.user), pk=pk)
    choices = selectors.responsible_choices(roadmap)
    filters = ItemFilterForm(request.GET or None, responsible_choices=choices).to_filters()
    today = local_today()
    return xlsx_response(
        filename=roadmap_report_filename(roadmap, today),
        write=lambda target: roadmap_report_write(roadmap=roadmap, user=request.user, target=target, filters=filters,
                                                  responsible_choices=choices, today=today),
    )


@require_GET
def summary_export(request):
    _require_role(request.user)
    form = SummaryFilterForm(request.GET)
    if not form.is_valid():
        raise BadRequest(" ".join(form.errors["academic_year"]))
    academic_year = form.cleaned_data["academic_year"]
    return xlsx_response(
        filename=f"Сводка по муниципалитетам — {local_today():%d.%m.%Y}.xlsx",
        write=lambda target: summary_report_write(user=request.user, target=target, academic_year=academic_year),
    )


@require_GET
def schools_export(request):
    _require_role(request.user)
    return xlsx_response(
        filename=f"Школы — {local_today():%d.%m.%Y}.xlsx",
        write=lambda target: schools_report_write(user=request.user, target=target),
    )

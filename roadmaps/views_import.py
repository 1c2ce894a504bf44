"""Documents in, Excel out: order import (upload → preview → confirm) and the Excel downloads.

The parsed document waits in the user's session between preview and confirm: the file is read once and
never uploaded again; what is written is exactly what was shown.
"""
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.clock import local_today
from core.xlsx import xlsx_response
from schools import access
from schools.reports import schools_report_write

from . import selectors
from .forms import ItemFilterForm, SummaryFilterForm
from .importers.forms import ColumnMappingForm, OrderUploadForm
from .importers.preview import import_preview
from .importers.reader import ColumnsUnplaced, read_document
from .importers.scope import municipalities_importable_by, regions_importable_by
from .reports import roadmap_report_filename, roadmap_report_write, summary_report_write

SESSION_KEY = "order_imports"
MAX_PENDING = 3  # pending previews kept per session; the oldest goes first


def _importable(user):
    """Where the user may load orders: municipalities and (regional orders) regions; refused when nowhere."""
    municipalities, regions = municipalities_importable_by(user), regions_importable_by(user)
    if not municipalities.exists() and not regions.exists():
        raise PermissionDenied("Загружать приказы могут специалисты муниципальных органов и регионов и администраторы.")
    return municipalities, regions


def _target(request, pending: dict):
    """The pending import's municipality, or its region for a regional order — still within the user's scope."""
    municipalities, regions = _importable(request.user)
    if pending.get("region"):
        return None, get_object_or_404(regions, pk=pending["region"])
    return get_object_or_404(municipalities, pk=pending["municipality"]), None


def _pending(request, token: str) -> dict:
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None or pending.get("user") != request.user.pk:
        raise Http404("Загрузка не найдена: возможно, она уже подтверждена или отменена.")
    return pending


def _store(request, pending: dict) -> str:
    imports = request.session.get(SESSION_KEY, {})
    while len(imports) >= MAX_PENDING:
        _file_of(imports.pop(next(iter(imports)))).unlink(missing_ok=True)
    token = secrets.token_urlsafe(12)
    imports[token] = pending
    request.session[SESSION_KEY] = imports
    return token


def _update(request, token: str, pending: dict) -> None:
    imports = request.session.get(SESSION_KEY, {})
    imports[token] = pending
    request.session[SESSION_KEY] = imports


def _discard(request, token: str) -> None:
    imports = request.session.get(SESSION_KEY, {})
    pending = imports.pop(token, None)
    if pending is not None:
        _file_of(pending).unlink(missing_ok=True)
    request.session[SESSION_KEY] = imports


def _file_of(pending: dict) -> Path:
    """Where an upload waits for its column mapping (private: under MEDIA_ROOT, served by no view)."""
    return Path(settings.MEDIA_ROOT) / "import_pending" / (pending.get("stored_file") or "none")


@require_http_methods(["GET", "POST"])
def order_import(request):
    municipalities, regions = _importable(request.user)
    form = OrderUploadForm(request.POST or None, request.FILES or None, municipalities=municipalities,
                           regions=regions)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = read_document(upload, name=upload.name)
        except ColumnsUnplaced as unplaced:
            municipality, region = form.cleaned_data.get("municipality"), form.cleaned_data.get("region")
            # The table's header names no column we know: keep the file until the officer places its columns.
            stored = f"{secrets.token_hex(16)}.upload"
            target = _file_of({"stored_file": stored})
            target.parent.mkdir(parents=True, exist_ok=True)
            upload.seek(0)
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            token = _store(request, {"columns_needed": {"headers": unplaced.headers, "sample": unplaced.sample,
                                                        "letters": unplaced.letters, "message": unplaced.messages[0]},
                                     "stored_file": stored, "municipality": municipality.pk if municipality else None,
                                     "region": region.pk if region else None,
                                     "file_name": upload.name, "user": request.user.pk})
            return redirect("roadmaps:order_import_columns", token=token)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            municipality, region = form.cleaned_data.get("municipality"), form.cleaned_data.get("region")
            token = _store(request, {"document": document, "municipality": municipality.pk if municipality else None,
                                     "region": region.pk if region else None,
                                     "file_name": upload.name, "user": request.user.pk})
            return redirect("roadmaps:order_import_preview", token=token)
    status = 400 if request.method == "POST" else 200
    return render(request, "roadmaps/import_upload.html", {"form": form}, status=status)


def _preview_page(request, token: str, pending: dict, *, errors=(), status: int = 200):
    municipality, region = _target(request, pending)
    context = import_preview(pending["document"], municipality)
    context.update(token=token, file_name=pending["file_name"], municipality=municipality, region=region,
                   errors=list(errors), mapped_columns=pending.get("mapped_columns") or [])
    return render(request, "roadmaps/import_preview.html", context, status=status)


@require_GET
def order_import_preview(request, token: str):
    _importable(request.user)
    pending = _pending(request, token)
    if "document" not in pending:
        return redirect("roadmaps:order_import_columns", token=token)
    return _preview_page(request, token, pending)


@require_http_methods(["GET", "POST"])
def order_import_columns(request, token: str):
    """The column-mapping step: the officer says which column is which; the file is then read with it."""
    _importable(request.user)
    pending = _pending(request, token)
    needed = pending.get("columns_needed")
    if needed is None:
        return redirect("roadmaps:order_import_preview", token=token)
    form = ColumnMappingForm(request.POST or None, headers=needed["headers"], letters=needed["letters"])
    if request.method == "POST" and form.is_valid():
        mapping = form.cleaned_data["mapping"]
        try:
            with _file_of(pending).open("rb") as file:
                document = read_document(file, name=pending["file_name"], columns=mapping)
        except FileNotFoundError:
            _discard(request, token)
            messages.error(request, "Файл загрузки не найден: загрузите его снова.")
            return redirect("roadmaps:order_import")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _file_of(pending).unlink(missing_ok=True)
            labels = dict(ColumnMappingForm.role_labels())
            pending = {key: value for key, value in pending.items() if key not in ("columns_needed", "stored_file")}
            pending["document"] = document
            pending["mapped_columns"] = [f"{needed['letters'][index]} — {labels[role]}"
                                         for role, index in sorted(mapping.items(), key=lambda pair: pair[1])]
            _update(request, token, pending)
            return redirect("roadmaps:order_import_preview", token=token)
    status = 400 if request.method == "POST" else 200
    return render(request, "roadmaps/import_columns.html",
                  {"form": form, "token": token, "file_name": pending["file_name"], "needed": needed}, status=status)


@require_POST
def order_import_confirm(request, token: str):
    from .importers.writer import order_find
    from .importers.writer import order_import as write_order

    _importable(request.user)
    pending = _pending(request, token)
    if "document" not in pending:
        return redirect("roadmaps:order_import_columns", token=token)
    municipality, region = _target(request, pending)
    document = pending["document"]
    try:
        roadmap = write_order(data=document, municipality=municipality, region=region, user=request.user)
    except ValidationError as error:
        return _preview_page(request, token, pending, errors=error.messages, status=400)
    _discard(request, token)
    if roadmap is None:
        order = order_find(data=document, municipality=municipality)
        messages.success(request, f"Приказ № {order.number} от {order.date:%d.%m.%Y} загружен.")
        return redirect(reverse("roadmaps:order_detail", args=[order.pk]))
    messages.success(request, f"Загружено: дорожная карта ({roadmap.owner}), "
                              f"мероприятий: {len(document['roadmap']['items'])}.")
    return redirect(reverse("roadmaps:roadmap_detail", args=[roadmap.pk]))


@require_POST
def order_import_cancel(request, token: str):
    _importable(request.user)
    _pending(request, token)
    _discard(request, token)
    messages.info(request, "Загрузка отменена: ничего не записано.")
    return redirect("roadmaps:order_import")


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

"""The order / roadmap import on the shared flow (core.imports): the document is read on the worker (or, when its
table's columns are not recognized, the officer places them and it is read again), previewed, and what the preview
showed is written on the worker, all or nothing."""
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from core.imports import Applied, ImportKind, ImportRun, register

from .importers.reader import ColumnsUnplaced, read_document, sniff_kind
from .importers.scope import municipalities_importable_by, regions_importable_by


def importable(user):
    """Where the user may load orders: municipalities and (regional orders) regions; refused when nowhere."""
    municipalities, regions = municipalities_importable_by(user), regions_importable_by(user)
    if not municipalities.exists() and not regions.exists():
        raise PermissionDenied("Загружать приказы могут специалисты муниципальных органов и регионов и администраторы.")
    return municipalities, regions


def import_target(user, params: dict):
    """The import's municipality, or its region for a regional order — still within the user's scope."""
    municipalities, regions = importable(user)
    if params.get("region"):
        region = regions.filter(pk=params["region"]).first()
        if region is None:
            raise Http404("Регион загрузки вне вашей зоны ответственности.")
        return None, region
    municipality = municipalities.filter(pk=params.get("municipality") or 0).first()
    if municipality is None:
        raise Http404("Муниципалитет загрузки вне вашей зоны ответственности.")
    return municipality, None


def _authorize(user, params: dict) -> None:
    if params:
        import_target(user, params)
    else:
        importable(user)


def _check(upload, name: str) -> None:
    sniff_kind(upload, name=name, max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES)


def _parse(run: ImportRun) -> dict:
    columns = run.params.get("columns")
    try:
        with run.open() as file:
            document = read_document(file, name=run.name, max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
                                     columns={role: int(index) for role, index in columns.items()} if columns else None)
    except ColumnsUnplaced as unplaced:  # the officer places the columns; the file waits
        return {"columns_needed": {"headers": unplaced.headers, "sample": unplaced.sample,
                                   "letters": unplaced.letters, "message": unplaced.messages[0]}}
    except Exception as error:
        if not columns or not hasattr(error, "messages"):
            raise
        # the columns the officer placed do not read: ask again, with the reason
        return {"columns_needed": run.params["needed"], "columns_error": " ".join(error.messages)}
    items = len((document.get("roadmap") or {}).get("items") or [])
    run.progress(items, items)
    return {"document": document}


def _apply(run: ImportRun) -> Applied:
    from .importers.writer import order_find
    from .importers.writer import order_import as write_order

    municipality, region = import_target(run.user, run.params)
    document = run.preview["document"]  # exactly what the officer saw
    roadmap = write_order(data=document, municipality=municipality, region=region, user=run.user)
    if roadmap is None:
        order = order_find(data=document, municipality=municipality)
        return Applied(f"Приказ № {order.number} от {order.date:%d.%m.%Y} загружен.",
                       reverse("roadmaps:order_detail", args=[order.pk]), "Открыть приказ")
    return Applied(f"Загружено: дорожная карта ({roadmap.owner}), мероприятий: {len(document['roadmap']['items'])}.",
                   reverse("roadmaps:roadmap_detail", args=[roadmap.pk]), "Открыть дорожную карту")


def _preview_context(job, user) -> dict:
    from .importers.forms import ColumnMappingForm
    from .importers.preview import import_preview

    municipality, region = import_target(user, job.params)
    context = {"municipality": municipality, "region": region, "file_name": job.upload_name}
    needed = job.preview.get("columns_needed")
    if needed:
        form = ColumnMappingForm(headers=needed["headers"], letters=needed["letters"])
        return {**context, "needed": needed, "columns_form": form, "columns_error": job.preview.get("columns_error")}
    context.update(import_preview(job.preview["document"], municipality))
    context["mapped_columns"] = job.params.get("mapped_columns") or []
    return context


ORDER_IMPORT = register(ImportKind(
    code="order", title="Загрузка приказа", upload_url="roadmaps:order_import",
    preview_template="roadmaps/import_preview.html", authorize=_authorize, check=_check, parse=_parse, apply=_apply,
    preview_context=_preview_context, may_confirm=lambda preview: "document" in preview,
))

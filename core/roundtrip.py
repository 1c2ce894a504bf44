"""The status / conflict / validation round trip of a form that calls a service — one helper for every view.

A valid form is handed to the service; a success is a message and a redirect (post/redirect/get); an edit
conflict is a message and the page again with 409 (built from fresh data); a refusal by the service is shown on
the form, each field's error next to its field, with 400.
"""
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from .concurrency import EditConflict


def add_errors(form, error: ValidationError) -> None:
    """Put a service's errors on the form: a field's error on its field, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_round_trip(
    request,
    form,
    *,
    save: Callable[[dict], object],
    page: Callable[..., HttpResponse],
    success: str | Callable[[object], str],
    redirect_to,
    conflict_page: Callable[[dict], HttpResponse] | None = None,
) -> HttpResponse:
    """`page(form, status)` renders the page with the form; `conflict_page(data)` the page after a conflict
    (default: `page(None, 409)`, the page rebuilt from fresh data with fresh forms).

    `success` (the message) and `redirect_to` (a response, a URL or a model) may be callables of what `save`
    returned, for a message or a destination that names what was written.
    """
    if not form.is_valid():
        return page(form, 400)
    data = form.cleaned_data
    try:
        saved = save(data)
    except EditConflict as conflict:
        messages.error(request, str(conflict))
        return conflict_page(data) if conflict_page else page(None, 409)
    except ValidationError as error:
        add_errors(form, error)
        return page(form, 400)
    messages.success(request, success(saved) if callable(success) else success)
    if callable(redirect_to) and not isinstance(redirect_to, HttpResponse):
        redirect_to = redirect_to(saved)
    return redirect_to if isinstance(redirect_to, HttpResponse) else redirect(redirect_to)

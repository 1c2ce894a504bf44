"""Error pages in Russian that say why and offer a way back (handler400/403/404/500 in portal/urls.py).

A view's own message — ``PermissionDenied("Нет прав на изменение этого мероприятия.")``,
``Http404("Школа не найдена.")`` — is shown to the user; Django's internal English messages («No School matches
the given query.», a resolver's dict) are replaced by the page's general Russian explanation.
"""
import re

from django.http import HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def user_message(exception) -> str:
    """The exception's message when it was written for a user (in Russian), else ''."""
    args = getattr(exception, "args", ())
    message = args[0] if args else ""
    if isinstance(message, str) and _CYRILLIC.search(message):
        return message
    messages = getattr(exception, "messages", None)  # ValidationError-like
    if messages and all(isinstance(m, str) for m in messages) and _CYRILLIC.search(" ".join(messages)):
        return " ".join(messages)
    return ""


def _back_url(request) -> str:
    """The page the user came from, when it is one of ours (never an outside address)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: the 400 page must still render
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


def _render(request, template_name: str, exception, response_class):
    context = {"reason": user_message(exception), "back_url": _back_url(request), "request_path": request.path}
    return response_class(loader.get_template(template_name).render(context, request))


def bad_request(request, exception, template_name="400.html"):
    return _render(request, template_name, exception, HttpResponseBadRequest)


def permission_denied(request, exception, template_name="403.html"):
    return _render(request, template_name, exception, HttpResponseForbidden)


def page_not_found(request, exception, template_name="404.html"):
    return _render(request, template_name, exception, HttpResponseNotFound)


def server_error(request, template_name="500.html"):
    # No request context on purpose: whatever broke (the database, a context processor) must not break this too.
    return HttpResponseServerError(loader.get_template(template_name).render())


def csrf_failure(request, reason="", template_name="403_csrf.html"):
    """CSRF_FAILURE_VIEW: Django's own renders without the request (no menu, a «Войти» link for a logged-in user)."""
    context = {"reason": "", "back_url": _back_url(request), "request_path": request.path}
    return HttpResponseForbidden(loader.get_template(template_name).render(context, request))

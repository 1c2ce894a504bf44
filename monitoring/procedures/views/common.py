from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator

from schools.roles import user_scope

PAGE_SIZE = 50


def require_role(user) -> None:
    if user_scope(user).role is None:
        raise PermissionDenied("Нет доступа: учётной записи не назначена роль.")


def paginate(request, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def form_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: field errors where the form has the field, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        for message in error.messages:
            form.add_error(None, message)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

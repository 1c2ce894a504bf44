from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from schools.roles import user_scope

PAGE_SIZE = 50


def require_role(user) -> None:
    if user_scope(user).role is None:
        raise PermissionDenied("Нет доступа: учётной записи не назначена роль.")


def paginate(request, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

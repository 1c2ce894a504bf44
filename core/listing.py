"""Sorting and paging of list pages: ``?sort=key`` / ``?sort=-key`` and ``?page=N``, the same on every list.

    sort = sort_from(request, {"name": "Название", "rate": "Доля в срок"}, default="rate")
    page = page_of(request, queryset.order_by(*sort.order_by(ORDERINGS)), 50, count=cheap_count)

In a template, ``{% include "_sort_link.html" with link=sort.rate %}`` renders a header link that sorts by the
column (a second click reverses it), with an arrow on the current one.
"""
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F


@dataclass(frozen=True)
class SortLink:
    label: str
    url: str  # the query string, without «?»
    arrow: str  # «▲», «▼» or ""


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool
    options: dict
    query: dict
    param_name: str = "sort"
    reset: tuple = ("page",)

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def __getitem__(self, key: str) -> SortLink:
        if key not in self.options:
            raise KeyError(key)
        params = self.query.copy()
        params[self.param_name] = f"-{key}" if key == self.key and not self.descending else key
        for name in self.reset:
            params.pop(name, None)
        arrow = ("▼" if self.descending else "▲") if key == self.key else ""
        return SortLink(self.options[key], params.urlencode(), arrow)

    def order_by(self, orderings: dict) -> list:
        """``orderings[key]`` lists the fields for ascending order; descending reverses each; nulls last."""
        fields = []
        for name in orderings[self.key]:
            expression = F(name.lstrip("-"))
            ascending = not name.startswith("-")
            if self.descending:
                ascending = not ascending
            fields.append(expression.asc(nulls_last=True) if ascending else expression.desc(nulls_last=True))
        return fields


def sort_from(request, options: dict, default: str, *, param: str = "sort", reset: tuple = ("page",)) -> Sort:
    raw = request.GET.get(param, "")
    key = raw.lstrip("-")
    if key not in options:
        key, raw = default.lstrip("-"), default
    return Sort(key=key, descending=raw.startswith("-"), options=options, query=request.GET.copy(),
                param_name=param, reset=reset)


def page_of(request, object_list, size: int, *, count: int | None = None, param: str = "page") -> Page:
    """One page; ``count`` spares the paginator a COUNT over an aggregated query when a cheap one is known."""
    paginator = Paginator(object_list, size)
    if count is not None:
        paginator.count = count  # a cached_property: the instance attribute wins
    return paginator.get_page(request.GET.get(param))


def query_without(request, *params: str) -> str:
    query = request.GET.copy()
    for name in params or ("page",):
        query.pop(name, None)
    return query.urlencode()


class _Counted:
    """A paginator's figures without its query: all a page kept in the cache needs for its links and counts."""

    def __init__(self, paginator: Paginator) -> None:
        self.count, self.num_pages, self.per_page = paginator.count, paginator.num_pages, paginator.per_page

    def validate_number(self, number: int) -> int:
        return number  # only called for the neighbours of a page, which has_previous / has_next have checked


def detached(page: Page) -> Page:
    """The page with its rows read and its paginator reduced to numbers: safe to pickle into the cache (a pickled
    paginator would carry its queryset, and read every row)."""
    page.object_list = list(page.object_list)
    page.paginator = _Counted(page.paginator)
    return page

"""Query-string numbers through form fields: «?page=²» or «?page=99999999999999999999» is page 1, never a 500.

``str.isdigit()`` is true for «²», which ``int()`` refuses; a form field parses what a user may type.
"""
from django import forms

MAX_PAGE = 1_000_000


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)


def page_number(request) -> int:
    """The ``page`` query parameter, or 1 when absent or not a sensible page number."""
    form = PageForm(request.GET)
    return (form.cleaned_data["page"] or 1) if form.is_valid() else 1


MAX_ID = 2**63 - 1


def int_param(request, name: str, *, min_value: int = 1, max_value: int = MAX_ID) -> int | None:
    """An integer query parameter (an id, a year) read through a form field; None when absent or not a number."""
    field = forms.IntegerField(min_value=min_value, max_value=max_value, required=False)
    try:
        return field.clean(request.GET.get(name))
    except forms.ValidationError:
        return None


def search_text(request, name: str = "q", *, max_length: int = 100) -> str:
    """A free-text search parameter, trimmed; NUL characters (which PostgreSQL refuses in a string) removed."""
    return (request.GET.get(name) or "").replace("\x00", "").strip()[:max_length]

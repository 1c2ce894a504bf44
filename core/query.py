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

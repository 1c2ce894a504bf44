"""The item page's unbound forms are written without crispy's templates, in the markup crispy gives them."""

import re
from datetime import date

from django.template import engines

from roadmaps.forms import DeadlineForm, StatusChangeForm


def _normalized(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*(<|>)\s*", r"\1", html)
    # the same attributes, in any order
    return re.sub(r"<(\w+)([^>]*)>", lambda m: "<" + m[1] + " " + " ".join(sorted(re.findall(r'\S+="[^"]*"|\S+', m[2]))) + ">", html)


def test_quick_html_is_crispys_markup():
    crispy = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    for form in (
        StatusChangeForm(initial={"status": "in_progress", "version": 3}),
        DeadlineForm(initial={"start": date(2022, 9, 1), "end": date(2022, 10, 31), "version": 2}),
    ):
        assert _normalized(form.quick_html()) == _normalized(crispy.render({"form": form}))

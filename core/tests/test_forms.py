"""core.forms.BootstrapForm with templates/_form_fields.html writes the markup ``|crispy`` writes — for the forms
of the task and item pages, unbound and with errors — and escapes what users typed."""
import re
from datetime import date

import pytest
from django import forms
from django.template import engines
from django.template.loader import render_to_string

from core.forms import BootstrapForm
from monitoring.forms import TaskExtendForm, TaskStatusForm
from roadmaps.forms import DeadlineForm, StatusChangeForm

CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")


def _normalized(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*(<|>)\s*", r"\1", html)
    # the same attributes, in any order
    return re.sub(r"<(\w+)([^>]*)>",
                  lambda m: "<" + m[1] + " " + " ".join(sorted(re.findall(r'\S+="[^"]*"|\S+', m[2]))) + ">", html)


def _crispy(form) -> str:
    """What |crispy writes for the same form (without the classes BootstrapForm put on: crispy adds its own)."""
    for field in form.fields.values():
        field.widget.attrs.pop("class", None)
    return CRISPY.render({"form": form})


def _ours(form) -> str:
    return render_to_string("_form_fields.html", {"form": form})


def _with_errors(form):
    form.is_valid()
    form.add_error(None, "Задачу уже изменили.")
    for name in list(form.fields)[:3]:
        if name in form.fields and not form.fields[name].widget.is_hidden:
            form.add_error(name, f"Ошибка поля «{name}».")
    return form


FORMS = {
    "task status": lambda data=None: TaskStatusForm(data, initial={"status": "in_progress", "version": 3}),
    "task deadline": lambda data=None: TaskExtendForm(data, initial={"due_date": date(2022, 10, 31), "version": 2}),
    "item status": lambda data=None: StatusChangeForm(data, initial={"status": "in_progress", "version": 3}),
    "item status, confirmation step": lambda data=None: StatusChangeForm(data, confirm_needed=True),
    "item deadline": lambda data=None: DeadlineForm(
        data, initial={"start": date(2022, 9, 1), "end": date(2022, 10, 31), "version": 2}),
}


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
def test_unbound_form_is_crispys_markup(make):
    assert _normalized(_ours(make())) == _normalized(_crispy(make()))


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
def test_errors_on_their_fields_are_crispys_markup(make):
    data = {"status": "done", "comment": "x", "version": "1"}
    ours, theirs = _with_errors(make(data)), _with_errors(make(data))
    html = _ours(ours)
    assert "is-invalid" in html and "Задачу уже изменили." in html
    assert _normalized(html) == _normalized(_crispy(theirs))


class _Form(BootstrapForm):
    status = forms.ChoiceField(label="Статус", choices=[("a", "Первый"), ("b", "Второй")])
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea, help_text="Коротко.")
    version = forms.IntegerField(widget=forms.HiddenInput)


def test_what_users_typed_is_escaped():
    form = _Form({"status": "<b>zzz</b>", "comment": "<script>x</script>", "version": "1"})
    assert not form.is_valid()
    html = _ours(form)
    assert "&lt;b&gt;zzz&lt;/b&gt;" in html and "<b>zzz" not in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert 'class="select form-select is-invalid"' in html


def test_field_columns_lay_the_fields_out_in_a_grid_row():
    class Gridded(_Form):
        field_columns = {"status": "col-lg-3"}

    html = _normalized(_ours(Gridded(initial={"version": 1})))
    assert html.startswith('<div class="row g-3">')
    assert '<div class="col-lg-3"><div class="mb-3" id="div_id_status">' in html
    assert '<div class="col-12"><div class="mb-3" id="div_id_comment">' in html
    assert html.endswith('<input id="id_version" name="version" type="hidden" value="1"></div>')

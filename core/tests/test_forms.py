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


# templates/_form_fields.html (and _form_field_notes.html) as they were before BootstrapForm.bootstrap_html wrote
# the markup in Python: it must give the same, byte for byte but for whitespace.
OLD_TEMPLATE = engines["django"].from_string(
    """{% if form.non_field_errors %}<div class="alert alert-block alert-danger"><ul class="m-0">{% for error in form.non_field_errors %}<li>{{ error }}</li>{% endfor %}</ul></div>{% endif %}
{% if form.field_columns %}<div class="row g-3">{% endif %}
{% for field in form.bootstrap_fields %}{% if field.is_hidden %}{{ field }}{% else %}{% if field.column %}<div class="{{ field.column }}">{% endif %}{% if field.widget_type == "checkbox" %}<div class="mb-3"><div id="div_{{ field.auto_id }}" class="form-check">
  {{ field }}<label for="{{ field.auto_id }}" class="form-check-label">{{ field.label }}{% if field.field.required %}<span class="asteriskField">*</span>{% endif %}</label>
  {% if field.errors %}<div id="{{ field.auto_id }}_error" class="invalid-feedback">{% for error in field.errors %}<p id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></p>{% endfor %}</div>{% endif %}{% if field.help_text %}<div id="{{ field.auto_id }}_helptext" class="form-text">{{ field.help_text }}</div>{% endif %}
</div></div>{% else %}<div id="div_{{ field.auto_id }}" class="mb-3">
  <label for="{{ field.auto_id }}" class="form-label{% if field.field.required %} requiredField{% endif %}">{{ field.label }}{% if field.field.required %}<span class="asteriskField">*</span>{% endif %}</label>
  {% if field.widget_type == "file" or field.widget_type == "clearablefile" %}<div{% if field.errors %} class="is-invalid"{% endif %}>{{ field }}{% if field.errors %}<div id="{{ field.auto_id }}_error" class="invalid-feedback">{% for error in field.errors %}<p id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></p>{% endfor %}</div>{% endif %}{% if field.help_text %}<div id="{{ field.auto_id }}_helptext" class="form-text">{{ field.help_text }}</div>{% endif %}</div>{% else %}{{ field }}{% if field.errors %}<div id="{{ field.auto_id }}_error" class="invalid-feedback">{% for error in field.errors %}<p id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></p>{% endfor %}</div>{% endif %}{% if field.help_text %}<div id="{{ field.auto_id }}_helptext" class="form-text">{{ field.help_text }}</div>{% endif %}{% endif %}
</div>{% endif %}{% if field.column %}</div>{% endif %}{% endif %}{% endfor %}
{% if form.field_columns %}</div>{% endif %}
"""
)


class _WithCheckbox(_Form):
    agree = forms.BooleanField(label="Согласен <да>", required=True, help_text="Отметьте.")
    optional = forms.BooleanField(label="Необязательно", required=False)
    evidence = forms.FileField(label="Файл", required=False)


@pytest.mark.parametrize("make", [*FORMS.values(), lambda data=None: _WithCheckbox(data, initial={"version": 1})],
                         ids=[*FORMS.keys(), "checkboxes and a file"])
@pytest.mark.parametrize("errors", [False, True])
@pytest.mark.parametrize("columns", [False, True])
def test_python_markup_is_the_old_templates(make, errors, columns):
    data = {"status": "done", "comment": "<i>x</i>", "version": "1"}
    forms_ = [make(data) if errors else make() for _ in range(2)]
    for form in forms_:
        if errors:
            _with_errors(form)
        if columns:
            form.field_columns = {name: "col-lg-6" for name in list(form.fields)[:2]}
    ours = str(forms_[0].bootstrap_html())
    old = OLD_TEMPLATE.render({"form": forms_[1]})
    assert re.sub(r"\s+", "", ours) == re.sub(r"\s+", "", old)


class _Widgets(forms.Form):
    text = forms.CharField(initial='<"x">&')
    grouped = forms.ChoiceField(choices=[("1", "<один>"), ("Группа", [("2", "два"), ("3", "три")])], initial="2")
    several = forms.MultipleChoiceField(choices=[(1, "a"), (2, "b")], initial=[2], required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": '"q"'}), initial="<t>")
    empty_area = forms.CharField(widget=forms.Textarea, required=False)
    box = forms.BooleanField(initial=True, required=False)
    disabled_box = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": True}))
    day = forms.DateField(initial=date(2022, 1, 2))
    upload = forms.FileField(required=False)
    link = forms.URLField(initial="https://a?b=1&c=2", assume_scheme="https")
    hidden = forms.IntegerField(widget=forms.HiddenInput, initial=0)
    number = forms.IntegerField(initial=5)
    email = forms.EmailField(required=False)
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect, required=False)  # a template still


@pytest.mark.parametrize("data", [None, {"text": "<z>", "grouped": "3", "box": "on", "day": "bad", "hidden": ""}])
def test_widgets_written_in_python_are_djangos_markup(data):
    """core.forms.WidgetRenderer gives what Django's widget templates give, byte for byte."""
    from django.forms.renderers import DjangoTemplates

    from core.forms import WidgetRenderer

    forms_ = [_Widgets(data, renderer=DjangoTemplates()), _Widgets(data, renderer=WidgetRenderer())]
    for theirs, ours in zip(*forms_):
        assert str(ours) == str(theirs), ours.name
    assert isinstance(_Form().renderer, WidgetRenderer)

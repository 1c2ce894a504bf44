"""Bootstrap 5 markup for forms shown on busy pages, without crispy's nested templates.

``|crispy`` renders every field through several included templates (about 1 ms a field here); the task and item
pages show two forms on every view. ``BootstrapForm`` puts the classes crispy-forms' bootstrap5 pack gives each
widget on it once, and ``templates/_form_fields.html`` writes the markup that pack writes (ids ``div_id_…``,
``id_…_error``, ``id_…_helptext``, required fields starred, checkboxes as ``form-check``, errors on their fields),
so a page looks and reads the same either way (core/tests/test_forms.py compares the two).
"""
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

# The class crispy's bootstrap5 pack gives each kind of widget (its input_type name, then Bootstrap's class).
WIDGET_CLASSES = {
    forms.CheckboxInput: "checkboxinput form-check-input",
    forms.Select: "select form-select",
    forms.Textarea: "textarea form-control",
    forms.DateInput: "dateinput form-control",
    forms.TextInput: "textinput form-control",
    forms.URLInput: "urlinput form-control",
    forms.EmailInput: "emailinput form-control",
    forms.NumberInput: "numberinput form-control",
    forms.FileInput: "form-control",
}


def widget_class(widget: forms.Widget) -> str:
    for kind in type(widget).__mro__:
        if kind in WIDGET_CLASSES:
            return WIDGET_CLASSES[kind]
    return "form-control"


W = "django/forms/widgets/"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html (a text, URL, date, hidden, number, e-mail, file or checkbox input)."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html with its options; None (the template then) for options of another kind."""
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != W + "select_option.html":
                return None
            parts.append(f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                         f'{conditional_escape(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'


def _clearable_file(widget: dict) -> str | None:
    if widget["is_initial"]:
        return None  # a stored file with its «clear» box: the template
    return f'\n<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'


# The templates a widget names, and what writes each in Python; a template listed here includes input.html only.
_WRITERS = {
    **{W + name: lambda widget: _input(widget) + "\n" for name in (
        "text.html", "url.html", "date.html", "hidden.html", "number.html", "email.html", "file.html", "checkbox.html")},
    W + "input.html": _input,
    W + "select.html": _select,
    W + "textarea.html": _textarea,
    W + "clearable_file_input.html": _clearable_file,
}


class WidgetRenderer(DjangoTemplates):
    """Django's widget templates for the common widgets written in Python (their markup, byte for byte:
    core/tests/test_forms.py); any other template (another widget, error lists) is rendered as usual. Rendering a
    form's widgets through templates cost about a millisecond a form."""

    def render(self, template_name, context, request=None):
        writer = _WRITERS.get(template_name)
        html = writer(context["widget"]) if writer else None
        return super().render(template_name, context, request) if html is None else html.strip()  # as Django does


class BootstrapForm(forms.Form):
    """A form whose visible fields carry Bootstrap's classes; ``is-invalid`` and ``aria-*`` follow the errors.
    ``field_columns`` ({name: "col-lg-6"}) lays the fields out in a Bootstrap grid row."""

    field_columns: dict[str, str] = {}
    default_renderer = WidgetRenderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["class"] = " ".join(filter(None, (field.widget.attrs.get("class"),
                                                                     widget_class(field.widget))))

    def bootstrap_fields(self) -> list[forms.BoundField]:
        """Every field in order (hidden ones too), visible ones marked invalid where they have errors."""
        fields = []
        for bound in self:
            bound.column = self.field_columns.get(bound.name, "col-12") if self.field_columns else ""
            if not bound.is_hidden:
                attrs = bound.field.widget.attrs
                if bound.errors and "is-invalid" not in attrs["class"].split():
                    attrs["class"] += " is-invalid"
                    attrs["aria-invalid"] = "true"
                described = [f"{bound.auto_id}_helptext"] if bound.help_text else []
                described += [f"{bound.auto_id}_error"] if bound.errors else []
                if described:
                    attrs["aria-describedby"] = " ".join(described)
            fields.append(bound)
        return fields

    def bootstrap_html(self):
        """The fields' markup (templates/_form_fields.html shows it), written in Python: as a template it ran a
        dozen tags and an include per field, a fifth of the item page's time."""
        parts = []
        if errors := self.non_field_errors():
            parts.append(format_html('<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                                     format_html_join("", "<li>{}</li>", ((error,) for error in errors))))
        if self.field_columns:
            parts.append(mark_safe('<div class="row g-3">'))
        for field in self.bootstrap_fields():
            if field.is_hidden:
                parts.append(str(field))
                continue
            required = field.field.required
            star = mark_safe('<span class="asteriskField">*</span>') if required else ""
            notes = _field_notes(field)
            if field.widget_type == "checkbox":
                html = format_html(
                    '<div class="mb-3"><div id="div_{}" class="form-check">\n  {}<label for="{}" '
                    'class="form-check-label">{}{}</label>\n  {}\n</div></div>',
                    field.auto_id, field, field.auto_id, field.label, star, notes,
                )
            else:
                if field.widget_type in ("file", "clearablefile"):
                    invalid = mark_safe(' class="is-invalid"') if field.errors else ""
                    widget = format_html("<div{}>{}{}</div>", invalid, field, notes)
                else:
                    widget = format_html("{}{}", field, notes)
                html = format_html(
                    '<div id="div_{}" class="mb-3">\n  <label for="{}" class="form-label{}">{}{}</label>\n  {}\n</div>',
                    field.auto_id, field.auto_id, " requiredField" if required else "", field.label, star, widget,
                )
            parts.append(format_html('<div class="{}">{}</div>', field.column, html) if field.column else html)
        if self.field_columns:
            parts.append(mark_safe("</div>"))
        return mark_safe("\n".join(parts))  # noqa: S308 — every part is escaped above or is a widget's own markup


def _field_notes(field) -> str:
    """A field's errors and help text under it."""
    errors = format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id,
        format_html_join("", '<p id="error_{}_{}"><strong>{}</strong></p>',
                         ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1))),
    ) if field.errors else ""
    help_text = format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id,
                            field.help_text) if field.help_text else ""
    return mark_safe(errors + help_text)  # noqa: S308 — both escaped above

"""Bootstrap 5 markup for forms shown on busy pages, without crispy's nested templates.

``|crispy`` renders every field through several included templates (about 1 ms a field here); the task and item
pages show two forms on every view. ``BootstrapForm`` puts the classes crispy-forms' bootstrap5 pack gives each
widget on it once, and ``templates/_form_fields.html`` writes the markup that pack writes (ids ``div_id_…``,
``id_…_error``, ``id_…_helptext``, required fields starred, checkboxes as ``form-check``, errors on their fields),
so a page looks and reads the same either way (core/tests/test_forms.py compares the two).
"""
from django import forms

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


class BootstrapForm(forms.Form):
    """A form whose visible fields carry Bootstrap's classes; ``is-invalid`` and ``aria-*`` follow the errors.
    ``field_columns`` ({name: "col-lg-6"}) lays the fields out in a Bootstrap grid row."""

    field_columns: dict[str, str] = {}

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

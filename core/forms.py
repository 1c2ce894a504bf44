"""Bootstrap 5 markup for forms shown on busy pages, without crispy's nested templates.

``|crispy`` renders every field through several included templates (about 1 ms a field here); a task page shows
two forms on every view. ``BootstrapForm`` puts the Bootstrap classes on the widgets once, and
``templates/_form_fields.html`` writes the same markup crispy-forms' bootstrap5 pack writes (ids ``div_id_…``,
``id_…_error``, ``id_…_helptext``; required fields starred), so a page looks and reads the same either way.
"""
from django import forms

CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BootstrapForm(forms.Form):
    """A form whose visible fields carry Bootstrap's classes; ``is-invalid`` and ``aria-*`` follow the errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["class"] = " ".join(filter(None, (field.widget.attrs.get("class"),
                                                                     widget_class(field.widget))))

    def bootstrap_fields(self) -> list[forms.BoundField]:
        """The visible fields, in order, marked invalid where they have errors (for _form_fields.html)."""
        fields = []
        for bound in self.visible_fields():
            attrs = bound.field.widget.attrs
            if bound.errors and "is-invalid" not in attrs["class"].split():
                attrs["class"] += " is-invalid"
                attrs["aria-invalid"] = "true"
            described = f"{bound.auto_id}_error" if bound.errors else (
                f"{bound.auto_id}_helptext" if bound.help_text else "")
            if described:
                attrs["aria-describedby"] = described
            fields.append(bound)
        return fields

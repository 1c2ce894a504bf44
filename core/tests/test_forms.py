"""core.forms.BootstrapForm with templates/_form_fields.html: the Bootstrap markup crispy writes, errors on their
fields, user input escaped."""
from django import forms
from django.template.loader import render_to_string

from core.forms import BootstrapForm


class _Form(BootstrapForm):
    status = forms.ChoiceField(label="Статус", choices=[("a", "Первый"), ("b", "Второй")])
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea, help_text="Коротко.")
    agree = forms.BooleanField(label="Согласен", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Задачу уже изменили.")


def _html(form) -> str:
    return render_to_string("_form_fields.html", {"form": form})


def test_widgets_carry_bootstrap_classes():
    form = _Form()
    assert form.fields["status"].widget.attrs["class"] == "form-select"
    assert form.fields["comment"].widget.attrs["class"] == "form-control"
    assert form.fields["agree"].widget.attrs["class"] == "form-check-input"
    assert "class" not in form.fields["version"].widget.attrs


def test_unbound_form_markup():
    html = _html(_Form(initial={"status": "b", "version": 3}))
    assert '<div id="div_id_status" class="mb-3">' in html
    assert 'class="form-label requiredField">Статус<span class="asteriskField">*</span></label>' in html
    assert '<option value="b" selected>Второй</option>' in html
    assert '<div id="id_comment_helptext" class="form-text">Коротко.</div>' in html
    assert 'aria-describedby="id_comment_helptext"' in html
    assert '<input type="hidden" name="version" value="3" id="id_version">' in html
    assert "is-invalid" not in html and "alert" not in html


def test_errors_stay_on_their_fields_and_input_is_escaped():
    form = _Form({"status": "<b>zzz</b>", "comment": "<script>x</script>", "version": "1"})
    assert not form.is_valid()
    html = _html(form)
    assert '<div class="alert alert-block alert-danger"><ul class="m-0"><li>Задачу уже изменили.</li></ul></div>' in html
    assert 'class="form-select is-invalid" aria-invalid="true" aria-describedby="id_status_error"' in html
    assert '<div id="id_status_error" class="invalid-feedback"><p id="error_1_id_status"><strong>' in html
    assert "&lt;b&gt;zzz&lt;/b&gt;" in html and "<b>zzz" not in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert 'id="id_comment" aria-invalid' not in html  # the comment has no error of its own

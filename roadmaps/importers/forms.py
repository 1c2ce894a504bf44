from django import forms

from .reader import SUPPORTED


class OrderUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл приказа или дорожной карты",
        help_text=f"{SUPPORTED[:1].upper()}{SUPPORTED[1:]}, не более 20 МБ. Файл проверяется по содержимому.",
    )
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=None, empty_label=None)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if len(municipalities) == 1:
            # A municipal officer loads only into their own municipality: nothing to choose.
            self.fields["municipality"].widget = forms.HiddenInput()
            self.fields["municipality"].initial = municipalities[0].pk

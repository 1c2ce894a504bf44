from django import forms

from schools.models import Region

from .reader import SUPPORTED


class OrderUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл приказа или дорожной карты",
        help_text=f"{SUPPORTED[:1].upper()}{SUPPORTED[1:]}, не более 20 МБ. Файл проверяется по содержимому.",
    )
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=None, required=False,
                                          empty_label="— региональный приказ —")
    region = forms.ModelChoiceField(
        label="Регион (для регионального приказа)", queryset=None, required=False, empty_label="—",
        help_text="Приказ регионального органа (например, Министерства образования Кузбасса): муниципалитет пуст.",
    )

    def __init__(self, *args, municipalities, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = regions if regions is not None else Region.objects.none()
        self.fields["municipality"].queryset = municipalities
        self.fields["region"].queryset = regions
        if not regions:
            del self.fields["region"]
            self.fields["municipality"].required = True
            self.fields["municipality"].empty_label = None
        if not municipalities and len(regions) == 1:
            # A regional specialist loads only their region's own orders: nothing to choose.
            del self.fields["municipality"]
            self.fields["region"].widget = forms.HiddenInput()
            self.fields["region"].initial = regions[0].pk
            self.fields["region"].required = True
        elif len(municipalities) == 1 and not regions:
            # A municipal officer loads only into their own municipality: nothing to choose.
            self.fields["municipality"].widget = forms.HiddenInput()
            self.fields["municipality"].initial = municipalities[0].pk

    def clean(self):
        cleaned = super().clean()
        municipality, region = cleaned.get("municipality"), cleaned.get("region")
        if "region" in self.fields and "municipality" in self.fields and not self.errors:
            if municipality and region:
                raise forms.ValidationError("Укажите либо муниципалитет, либо регион (для регионального приказа).")
            if not municipality and not region:
                raise forms.ValidationError("Укажите муниципалитет или регион приказа.")
        return cleaned

from django import forms

from schools.models import Region

from .reader import SUPPORTED


class OrderUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл приказа или дорожной карты",
        help_text=f"{SUPPORTED[:1].upper()}{SUPPORTED[1:]}. Файл проверяется по содержимому.",
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

COLUMN_ROLE_CHOICES = [("", "— не загружать —"), ("number", "№"), ("activity", "Мероприятие"), ("deadline", "Срок"),
                       ("responsible", "Ответственный исполнитель"), ("start", "Начало срока"),
                       ("end", "Окончание срока")]


class ColumnMappingForm(forms.Form):
    """Which column is which, when the importer cannot tell from the table's header: one choice per column."""

    def __init__(self, *args, headers: list[str], letters: list[str], **kwargs):
        from .columns import header_role

        super().__init__(*args, **kwargs)
        self.columns = []
        taken = set()
        for index, (header, letter) in enumerate(zip(headers, letters)):
            guess = header_role(header) if header else None
            initial = guess if guess in dict(COLUMN_ROLE_CHOICES) and guess not in taken else ""
            taken.add(initial)
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=f"Столбец {letter}" + (f" «{header}»" if header else ""), choices=COLUMN_ROLE_CHOICES,
                required=False, initial=initial, widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.columns.append((index, letter, header, name))

    def clean(self):
        data = super().clean()
        mapping: dict[str, int] = {}
        for index, letter, _, name in self.columns:
            role = data.get(name)
            if not role:
                continue
            if role in mapping:
                label = dict(COLUMN_ROLE_CHOICES)[role]
                raise forms.ValidationError(f"«{label}» выбран для двух столбцов: оставьте один.")
            mapping[role] = index
        if "activity" not in mapping:
            raise forms.ValidationError("Укажите столбец «Мероприятие»: без него таблицу не прочитать.")
        data["mapping"] = mapping
        return data

    @staticmethod
    def role_labels():
        return [(key, label) for key, label in COLUMN_ROLE_CHOICES if key]

    def bound_rows(self):
        """(letter, header, bound field) per column, for the template."""
        return [(letter, header, self[name]) for _, letter, header, name in self.columns]

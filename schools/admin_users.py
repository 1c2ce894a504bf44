"""One form in the back office for a new officer's or administrator's account with its role: person, login, role,
region / municipality. A school head is added with «Добавить руководителя ОО» (schools/admin_school_head.py), which
also links the official the orders name — this form does not offer that role."""
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm

from .models import Municipality, Region, Role

ACCOUNT_ROLES = [(value, label) for value, label in Role.choices if value != Role.SCHOOL_HEAD]


class AccountWithRoleForm(AdminUserCreationForm):
    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя и отчество", max_length=150)
    email = forms.EmailField(label="Электронная почта", required=False,
                             help_text="На неё приходят напоминания о сроках.")
    role = forms.ChoiceField(label="Роль", choices=ACCOUNT_ROLES, initial=Role.MUNICIPAL,
                             help_text="Руководителя ОО добавляйте кнопкой «Добавить руководителя ОО».")
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.none(), required=False,
                                    help_text="Для специалиста регионального уровня.")
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none(), required=False,
                                          help_text="Для специалиста МОУО.")

    class Meta(AdminUserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Логин"

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.MUNICIPAL and not data.get("municipality"):
            self.add_error("municipality", "Выберите муниципалитет специалиста.")
        if role == Role.REGIONAL and not data.get("region"):
            self.add_error("region", "Выберите регион специалиста.")
        if role != Role.MUNICIPAL:
            data["municipality"] = None
        if role != Role.REGIONAL:
            data["region"] = None
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        user.last_name, user.first_name = self.cleaned_data["last_name"], self.cleaned_data["first_name"]
        user.email = self.cleaned_data.get("email") or ""
        if commit:
            user.save()
        return user


ADD_FIELDSETS = (
    ("Человек", {"classes": ("wide",), "fields": ("last_name", "first_name", "email")}),
    ("Вход в портал", {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
    ("Роль", {"classes": ("wide",), "fields": ("role", "region", "municipality")}),
)

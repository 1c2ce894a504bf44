"""One form in the back office for a new account with its role: person, login, role, municipality / school."""
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm

from .models import Municipality, Role, School


class AccountWithRoleForm(AdminUserCreationForm):
    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя и отчество", max_length=150)
    email = forms.EmailField(label="Электронная почта", required=False,
                             help_text="На неё приходят напоминания о сроках.")
    role = forms.ChoiceField(label="Роль", choices=Role.choices, initial=Role.SCHOOL_HEAD)
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none(), required=False,
                                          help_text="Для специалиста МОУО.")
    school = forms.ModelChoiceField(label="Школа", queryset=School.objects.none(), required=False,
                                    help_text="Для руководителя ОО.")

    class Meta(AdminUserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Логин"

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.SCHOOL_HEAD and not data.get("school"):
            self.add_error("school", "Выберите школу руководителя.")
        if role == Role.MUNICIPAL and not data.get("municipality"):
            self.add_error("municipality", "Выберите муниципалитет специалиста.")
        if role in (Role.ADMIN, Role.REGIONAL):
            data["municipality"] = data["school"] = None
        if role == Role.SCHOOL_HEAD:
            data["municipality"] = None
        if role == Role.MUNICIPAL:
            data["school"] = None
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
    ("Роль", {"classes": ("wide",), "fields": ("role", "municipality", "school")}),
)

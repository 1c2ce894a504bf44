"""«Добавить руководителя ОО» in the admin: one form (person, login, password, school) → account, role and official,
through ``schools.services.school_head_create``. Administrators only, like every role grant."""
from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .models import School, UserProfile
from .services import school_head_create


class SchoolHeadForm(forms.Form):
    required_css_class = "required"
    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя", max_length=70)
    middle_name = forms.CharField(label="Отчество", max_length=70, required=False)
    position = forms.CharField(label="Должность", max_length=300, initial="директор")
    email = forms.EmailField(label="Электронная почта", required=False)
    school = forms.ModelChoiceField(label="Школа", queryset=School.objects.select_related("municipality"))
    username = forms.CharField(label="Логин", max_length=150)
    password1 = forms.CharField(label="Пароль", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Пароль ещё раз", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # A search box, not a list of every school of the country.
        school = self.fields["school"]
        school.widget = AutocompleteSelect(UserProfile._meta.get_field("school"), admin_site)
        school.widget.choices = school.choices

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Пароли не совпадают.")
        return data


def add_school_head_view(model_admin, request):
    if not request.user.is_superuser:
        raise PermissionDenied("Руководителя ОО добавляет администратор.")
    form = SchoolHeadForm(request.POST or None, admin_site=model_admin.admin_site)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = school_head_create(
                school=data["school"], last_name=data["last_name"], first_name=data["first_name"],
                middle_name=data["middle_name"], username=data["username"], password=data["password1"],
                email=data["email"], position=data["position"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Руководитель ОО «{user.get_full_name()}» ({user.username}) добавлен: "
                                      f"{data['school']}.")
            return redirect(reverse("admin:auth_user_change", args=[user.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Добавить руководителя ОО",
        "form": form,
        "media": model_admin.media + form.media,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/schools/add_school_head.html", context)

"""Back office of the ВПР part, scoped like its pages: ФИС ОКО logins of schools, rounds, the objectivity-control
sample with its observers and their protocols (files checked by content, as every evidence upload)."""
from django import forms
from django.contrib import admin

from core.uploads import EVIDENCE_KINDS, validate_upload
from schools.admin_scope import ScopedAdmin, ScopedInline

from .models import ControlDocument, ControlledSchool, Observer, SchoolLogin, SignTask, VprImport, VprRound


@admin.register(SchoolLogin)
class SchoolLoginAdmin(ScopedAdmin):
    list_display = ("login", "school", "municipality")
    search_fields = ("login", "school__short_name")
    autocomplete_fields = ()
    list_select_related = ("school", "school__municipality")

    @admin.display(description="муниципалитет")
    def municipality(self, obj):
        return obj.school.municipality


@admin.register(VprRound)
class VprRoundAdmin(ScopedAdmin):
    list_display = ("label", "held_on", "max_score", "is_synthetic")
    list_filter = ("year", "subject", "grade", "is_synthetic")
    fields = ("year", "subject", "grade", "held_on", "max_score", "scale", "tasks", "title", "is_synthetic")


@admin.register(VprImport)
class VprImportAdmin(ScopedAdmin):
    read_only = True  # written by the import only (an empty add form crashed on its NOT NULL columns)
    list_display = ("file_name", "round", "user", "schools", "participants", "created_at")
    readonly_fields = ("round", "user", "file_name", "sha256", "layout", "schools", "participants", "warnings",
                       "created_at")


class ObserverInline(ScopedInline, admin.TabularInline):
    model = Observer
    extra = 1


class ControlDocumentForm(forms.ModelForm):
    class Meta:
        model = ControlDocument
        fields = ("kind", "file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.file_kind = validate_upload(upload, allowed=EVIDENCE_KINDS)
        return upload

    def save(self, commit=True):
        document = super().save(commit=False)
        kind = getattr(self, "file_kind", None)
        if kind is not None:
            upload = self.cleaned_data["file"]
            document.original_name = upload.name[:255]
            document.size = upload.size
            document.content_type = kind.content_type
        if commit:
            document.save()
        return document


class ControlDocumentInline(ScopedInline, admin.TabularInline):
    model = ControlDocument
    form = ControlDocumentForm
    extra = 1
    readonly_fields = ("original_name", "size", "uploaded_at")


@admin.register(ControlledSchool)
class ControlledSchoolAdmin(ScopedAdmin):
    list_display = ("school", "round")
    list_filter = ("round",)
    inlines = [ObserverInline, ControlDocumentInline]


@admin.register(SignTask)
class SignTaskAdmin(ScopedAdmin):
    read_only = True  # written by vpr_sign_to_task only (an empty add form crashed on its NOT NULL columns)
    list_display = ("school", "sign", "round", "item", "created_by", "created_at")
    readonly_fields = ("round", "school", "sign", "item", "task", "figures", "created_by", "created_at")

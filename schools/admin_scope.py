"""Scope in the admin back office: the one access rule (schools.access) for staff who are not superusers.

``ScopedAdmin`` / ``ScopedInline`` route querysets, permissions, foreign-key choices and list filters through
``access.visible`` / ``access.changeable``; ``read_only = True`` marks rows only services write (history,
tasks, checks). A related model not registered with the access rule offers no choices: closed by default.
"""
from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter, RelatedFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import PermissionDenied
from django.db import models

from . import access
from .access import COUNTRY, MUNICIPALITY, REGION


def _may_write(request) -> bool:
    # Federal specialists and school heads never write through the admin, whatever their Django permissions.
    return access.may_act_at(request.user, levels=[REGION, MUNICIPALITY])


def _may_enter(request) -> bool:
    return access.may_act_at(request.user, levels=[COUNTRY, REGION, MUNICIPALITY])


def _visible(user, model) -> models.QuerySet:
    if model not in access.registered_models():
        return model._default_manager.none()
    return access.visible(user, model)


def _in_changeable(request, model, obj) -> bool:
    return access.changeable(request.user, model).filter(pk=obj.pk).exists()


class ScopedRelatedFilter(RelatedFieldListFilter):
    """A sidebar filter on a relation offers only the related rows the user may see."""

    def field_choices(self, field, request, model_admin):
        if request.user.is_superuser:
            return super().field_choices(field, request, model_admin)
        qs = _visible(request.user, field.remote_field.model)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            qs = qs.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in qs]


class ScopedValuesFilter(AllValuesFieldListFilter):
    """A sidebar filter on a plain field offers only the values of rows the user may see."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (model_admin.get_queryset(request).order_by(field_path)
                               .values_list(field_path, flat=True).distinct())


def _scoped_filter(model, entry):
    if not isinstance(entry, str):
        return entry
    field = get_fields_from_path(model, entry)[-1]
    if field.is_relation:
        return entry, ScopedRelatedFilter
    if field.choices or isinstance(field, (models.BooleanField, models.DateField)):
        return entry
    return entry, ScopedValuesFilter


class _ScopedFormFields:
    """Foreign-key and many-to-many choices limited to what the user may see."""

    def _limit(self, db_field, request, kwargs):
        if request.user.is_superuser or "queryset" in kwargs:
            return
        kwargs["queryset"] = _visible(request.user, db_field.remote_field.model)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(_ScopedFormFields, admin.ModelAdmin):
    # Officers paste school sites without a scheme; https is what every school site serves.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    read_only = False  # rows only services write (history, tasks, checks): nobody changes them here

    def get_queryset(self, request):
        qs = access.visible(request.user, self.model)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    def has_module_permission(self, request):
        return _may_enter(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _may_enter(request) and super().has_view_permission(request, obj)

    def get_list_filter(self, request):
        return [_scoped_filter(self.model, entry) for entry in super().get_list_filter(request)]

    def _writable(self, request, obj) -> bool:
        if self.read_only or not _may_write(request):
            return False
        return obj is None or _in_changeable(request, self.model, obj)

    def has_add_permission(self, request):
        return self._writable(request, None) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._writable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._writable(request, obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The admin wraps the save in a transaction: an object saved outside the user's scope
        # (e.g. a municipality left blank) is rolled back, never kept.
        if not _in_changeable(request, self.model, obj):
            raise PermissionDenied("Объект вне вашей зоны ответственности: изменения не сохранены.")


class ScopedInline(_ScopedFormFields):
    """Rows shown inside a parent's page: writable only where the parent is."""

    def _parent_changeable(self, request, obj) -> bool:
        if not _may_write(request):
            return False
        return obj is None or _in_changeable(request, self.parent_model, obj)

    def has_view_permission(self, request, obj=None):
        return _may_enter(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj):
        return self._parent_changeable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_changeable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_changeable(request, obj) and super().has_delete_permission(request, obj)


class ReadOnlyInline(admin.TabularInline):
    """History rows: written by services only, never through a form."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventLabels:
    """History rows as people read them: status labels, not codes (``from_label`` / ``to_label`` of the event),
    and the author's name, not their login."""

    @admin.display(description="автор")
    def author_name(self, obj):
        author = obj.author
        return (author.get_full_name() or author.username) if author else "—"

    @admin.display(description="было")
    def from_label(self, obj):
        return obj.from_label or "—"

    @admin.display(description="стало")
    def to_label(self, obj):
        return obj.to_label or "—"


class ChangeEventInline(EventLabels, ReadOnlyInline):
    """The history of an item or a school task (a `roadmaps.models.ChangeEvent`) under its row, newest first."""

    fields = ("created_at", "author_name", "kind", "from_label", "to_label", "comment", "evidence_name", "evidence_url")
    readonly_fields = fields
    ordering = ("-created_at", "-id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

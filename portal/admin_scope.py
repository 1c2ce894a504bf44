"""Scope in the admin back office: the same selectors as the portal's pages, for staff who are not superusers.

Each app registers, per model, who may see (``visible``) and who may change (``changeable``) its rows;
``ScopedAdmin`` / ``ScopedInline`` then route querysets, permissions and foreign-key choices through them.
A related model nobody registered offers no choices to a non-superuser: closed by default.
"""
from dataclasses import dataclass
from typing import Callable

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet

from schools.models import Role
from schools.roles import user_scope

Selector = Callable[[object], QuerySet]


@dataclass(frozen=True)
class ModelScope:
    visible: Selector
    changeable: Selector | None  # None: only a superuser changes it


_SCOPES: dict[type, ModelScope] = {}


def scope_register(model, *, visible: Selector, changeable: Selector | None = None) -> None:
    _SCOPES[model] = ModelScope(visible=visible, changeable=changeable)


def changeable_in_municipality(model, lookup: str) -> Selector:
    """Changeable: everything for an administrator, rows of their municipality for a municipal officer."""

    def selector(user) -> QuerySet:
        scope = user_scope(user)
        if scope.is_admin:
            return model.objects.all()
        if scope.is_municipal:
            return model.objects.filter(**{lookup: scope.municipality_id})
        return model.objects.none()

    return selector


def admin_only(model) -> Selector:
    def selector(user) -> QuerySet:
        return model.objects.all() if user_scope(user).is_admin else model.objects.none()

    return selector


def _scope_of(model) -> ModelScope:
    try:
        return _SCOPES[model]
    except KeyError:
        raise LookupError(f"{model.__name__}: no admin scope registered") from None


def _may_write(request) -> bool:
    # Regional officers and school heads never write through the admin, whatever their Django permissions.
    return user_scope(request.user).role in (Role.ADMIN, Role.MUNICIPAL)


def _may_enter(request) -> bool:
    return user_scope(request.user).role in (Role.ADMIN, Role.MUNICIPAL, Role.REGIONAL)


def _in(selector: Selector | None, request, obj) -> bool:
    return selector is not None and selector(request.user).filter(pk=obj.pk).exists()


class _ScopedFormFields:
    """Foreign-key and many-to-many choices limited to what the user may see."""

    def _limit(self, db_field, request, kwargs):
        if request.user.is_superuser or "queryset" in kwargs:
            return
        related = db_field.remote_field.model
        scope = _SCOPES.get(related)
        kwargs["queryset"] = scope.visible(request.user) if scope else related._default_manager.none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(_ScopedFormFields, admin.ModelAdmin):
    # Officers paste school sites without a scheme; https is what every school site serves.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        qs = _scope_of(self.model).visible(request.user)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    def has_module_permission(self, request):
        return _may_enter(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _may_enter(request) and super().has_view_permission(request, obj)

    def _writable(self, request, obj) -> bool:
        changeable = _scope_of(self.model).changeable
        if changeable is None or not _may_write(request):
            return False
        return obj is None or _in(changeable, request, obj)

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
        if not _in(_scope_of(self.model).changeable, request, obj):
            raise PermissionDenied("Объект вне вашей зоны ответственности: изменения не сохранены.")


class ScopedInline(_ScopedFormFields):
    """Rows shown inside a parent's page: writable only where the parent is."""

    def _parent_changeable(self, request, obj) -> bool:
        if not _may_write(request):
            return False
        return obj is None or _in(_scope_of(self.parent_model).changeable, request, obj)

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

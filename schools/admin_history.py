"""The «История» page of an admin object (django-simple-history), in Russian and scoped by the access rule.

``HistoryAdmin`` goes before ``ScopedAdmin`` (or ``UserAdmin``) in the bases. The page opens only for an object the
user may see in the admin (else 404), and lists only the historical rows the access rule gives them
(``schools/scopes.py`` declares the historical models). Each row says when, what (создание / изменение /
удаление), who — by name — and which fields changed, from → to, with choices, booleans and dates in Russian.
Old versions are not opened or reverted here: changes go through the forms and services that check them.
"""
from datetime import date, datetime

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from core.xlsx import user_label

from . import access
from .history import HISTORY_TYPE_LABELS

EMPTY = "—"


def display_value(field, value) -> str:
    """A field's value as a Russian reader expects it: labels of choices, «да / нет», dd.mm.yyyy."""
    if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
        return EMPTY
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, DeletedObject):
        return f"{value.model._meta.verbose_name} № {value.pk} (удалено)"
    return value


class RussianDelta(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return display_value(self.model._meta.get_field(change.field), value)


class HistoryAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"
    history_list_per_page = 50

    def history_view(self, request, object_id, extra_context=None):
        # An officer reads the history of what they may see, and nothing of a row outside their scope — not even
        # that it exists (a superuser also reads the history of deleted rows).
        if not request.user.is_superuser and not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404("Нет такого объекта в вашей зоне ответственности.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        raise Http404("Прежние версии показываются на странице истории.")

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        rows = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return access.visible(request.user, rows)

    def history_view_title(self, request, obj):
        return f"История изменений: {obj}"

    def get_historical_record_context_helper(self, request, historical_record):
        return RussianDelta(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            record.author_label = user_label(record.history_user) if record.history_user_id else EMPTY
            record.action_label = HISTORY_TYPE_LABELS.get(record.history_type, record.history_type)

"""History of reference data and roles (django-simple-history): who changed a school's website, who granted whom
a role. Every save of a tracked model writes a historical row with the user of the request
(``HistoryRequestMiddleware``); the admin shows it on each object's «История» page (``schools.admin_history``).

The historical models are declared to the access rule like their originals (``schools/scopes.py``), so an officer
reads only the history of rows of their own municipality.
"""
from django.utils.text import format_lazy
from simple_history.models import HistoricalRecords

# What the history page says for simple-history's change types (its own catalogue has no «ru» translation).
HISTORY_TYPE_LABELS = {"+": "создание", "~": "изменение", "-": "удаление"}


class PortalHistory(HistoricalRecords):
    """Historical records with Russian model names («история: школы (ОО)»)."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["verbose_name"] = self.user_set_verbose_name or format_lazy("версия: {}", model._meta.verbose_name)
        options["verbose_name_plural"] = (self.user_set_verbose_name_plural
                                          or format_lazy("история: {}", model._meta.verbose_name_plural))
        return options


class AccountHistory(PortalHistory):
    """Accounts: a login only stamps ``last_login`` — no history row for that."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)

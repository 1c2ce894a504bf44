from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "monitoring.procedures"
    label = "procedures"
    verbose_name = "Оценочные процедуры и мероприятия"

    def ready(self):
        from . import scopes  # noqa: F401  (each model's path to its owners, for schools.access)

from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "monitoring.procedures"
    label = "procedures"
    verbose_name = "Оценочные процедуры и мероприятия"

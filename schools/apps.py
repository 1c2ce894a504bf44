from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Школы и организации"

    def ready(self):
        from . import scopes  # noqa: F401  (each model's path to its owners, for schools.access)

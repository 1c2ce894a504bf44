"""Background jobs. At start-up (web process and worker alike) each app's imports are found by name in its
``import_flow.py`` (``core.imports.ImportKind``), so core imports no app of the project."""
from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name, label, verbose_name = "core.jobs", "jobs", "Фоновые задания"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        autodiscover_modules("import_flow")

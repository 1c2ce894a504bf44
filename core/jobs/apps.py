from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "core.jobs"
    label = "jobs"
    verbose_name = "Фоновые задания"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app declares its imports (core.imports.ImportKind) in <app>/import_flow.py: found here, by name,
        # in the web process and in the worker alike, without core importing any app.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("import_flow")

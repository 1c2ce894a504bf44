from django.apps import AppConfig


class VprConfig(AppConfig):
    """ВПР results and the objectivity of marks: a part of monitoring with its own tables."""

    name = "monitoring.vpr"
    label = "vpr"
    verbose_name = "ВПР и объективность результатов"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import scopes  # noqa: F401  (each model's path to its owners, for schools.access)

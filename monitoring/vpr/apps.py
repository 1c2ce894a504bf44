from django.apps import AppConfig


class VprConfig(AppConfig):
    """ВПР results and the objectivity of marks: a part of monitoring with its own tables."""

    name = "monitoring.vpr"
    label = "vpr"
    verbose_name = "ВПР и объективность результатов"
    default_auto_field = "django.db.models.BigAutoField"

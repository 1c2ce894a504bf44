from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        # Roadmap pages show an «все ОО» item's schools through hooks (roadmaps never imports monitoring).
        from roadmaps import hooks

        from .selectors.items import item_school_rows, items_schools_progress

        hooks.register_schools_progress(items_schools_progress)
        hooks.register_item_schools(item_school_rows)

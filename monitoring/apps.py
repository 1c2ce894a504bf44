from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        # Lower layers may not import monitoring: they fire hooks and fill registries it subscribes to here.
        from core.hooks import task_sources_changed
        from schools.services import staff_permissions_register

        from . import scopes  # noqa: F401  (each model's path to its owners, for schools.access)
        from .permissions import STAFF_PERMISSIONS
        from .services import school_tasks_sync

        task_sources_changed.connect(school_tasks_sync)
        staff_permissions_register("monitoring", STAFF_PERMISSIONS)

        # Roadmap pages show an «все ОО» item's schools through hooks (roadmaps never imports monitoring).
        from roadmaps import hooks

        from .selectors.items import item_school_rows, items_schools_progress

        hooks.register_schools_progress(items_schools_progress)
        hooks.register_item_schools(item_school_rows)

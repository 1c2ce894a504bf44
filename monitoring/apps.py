from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        # Lower layers may not import monitoring: they fire hooks and fill registries it subscribes to here.
        from core.hooks import municipality_added, task_sources_changed
        from schools.services import staff_permissions_register

        from . import scopes  # noqa: F401  (each model's path to its owners, for schools.access)
        from .permissions import PROCEDURES_STAFF_PERMISSIONS, STAFF_PERMISSIONS, VPR_STAFF_PERMISSIONS
        from .services import school_tasks_sync
        from .services.municipality_tasks import municipality_tasks_sync

        task_sources_changed.connect(school_tasks_sync)
        task_sources_changed.connect(municipality_tasks_sync)
        municipality_added.connect(municipality_tasks_sync)
        self._keep_rollups()
        staff_permissions_register("monitoring", STAFF_PERMISSIONS)
        staff_permissions_register("vpr", VPR_STAFF_PERMISSIONS)
        staff_permissions_register("procedures", PROCEDURES_STAFF_PERMISSIONS)

        # Roadmap pages show an «все ОО» item's schools through hooks (roadmaps never imports monitoring).
        from roadmaps import hooks

        from .selectors.items import item_school_rows, items_schools_progress

        hooks.register_schools_progress(items_schools_progress)
        hooks.register_item_schools(item_school_rows)

        # … and a regional «все МОУО» item's municipalities.
        from .selectors.municipality_tasks import source_municipality_rows

        hooks.register_source_municipalities(source_municipality_rows)

    @staticmethod
    def _keep_rollups():
        """Compliance rollups follow every task saved or deleted and every school moved or (de)activated."""
        from django.db.models.signals import post_delete, post_save, pre_save

        from schools.models import School

        from .models import SchoolTask
        from .services import rollups

        pre_save.connect(rollups.task_saving, sender=SchoolTask, dispatch_uid="rollups_task_saving")
        post_save.connect(rollups.task_saved, sender=SchoolTask, dispatch_uid="rollups_task_saved")
        post_delete.connect(rollups.task_deleted, sender=SchoolTask, dispatch_uid="rollups_task_deleted")
        pre_save.connect(rollups.school_saving, sender=School, dispatch_uid="rollups_school_saving")
        post_save.connect(rollups.school_saved, sender=School, dispatch_uid="rollups_school_saved")

        # Cached page blocks (schools.versions) follow the other monitoring writes their pages show.
        from . import versions

        for model, receiver in versions.RECEIVERS:
            post_save.connect(receiver, sender=model, dispatch_uid=f"version_{model.__name__}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"version_del_{model.__name__}")

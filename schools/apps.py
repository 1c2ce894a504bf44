from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Школы и организации"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        from . import scopes  # noqa: F401  (each model's path to its owners, for schools.access)
        from . import versions
        from .models import LocalActKind, Municipality, Region, School
        from .services import staff_groups_refresh

        # The officer groups get the admin permissions the code now lists on every migrate (an upgrade adds some).
        post_migrate.connect(staff_groups_refresh, dispatch_uid="schools_staff_groups_refresh")

        # Cached page blocks (schools.versions) follow every school, municipality and region renamed or moved.
        pre_save.connect(versions.school_saving, sender=School, dispatch_uid="version_school_saving")
        post_save.connect(versions.school_changed, sender=School, dispatch_uid="version_school_saved")
        post_delete.connect(versions.school_changed, sender=School, dispatch_uid="version_school_deleted")
        post_save.connect(versions.municipality_changed, sender=Municipality, dispatch_uid="version_municipality")
        post_save.connect(versions.region_changed, sender=Region, dispatch_uid="version_region")
        post_save.connect(versions.reference_changed, sender=LocalActKind, dispatch_uid="version_act_kind")
        post_delete.connect(versions.reference_changed, sender=LocalActKind, dispatch_uid="version_del_act_kind")
        for model in versions.ACT_MODELS + versions.RESPONSIBLE_MODELS:
            receiver = versions.act_changed if model in versions.ACT_MODELS else versions.responsible_changed
            post_save.connect(receiver, sender=model, dispatch_uid=f"version_{model.__name__}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"version_del_{model.__name__}")

from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Приказы и дорожные карты"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.hooks import task_sources_changed

        from . import scopes  # noqa: F401  (each model's path to its owners, for schools.access)
        from . import versions

        # Cached page blocks (schools.versions) follow every roadmap write.
        for model in versions.MODELS:
            post_save.connect(versions.roadmap_data_changed, sender=model, dispatch_uid=f"version_{model.__name__}")
            post_delete.connect(versions.roadmap_data_changed, sender=model, dispatch_uid=f"version_del_{model.__name__}")
        task_sources_changed.connect(versions.task_sources_changed)

from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Приказы и дорожные карты"

    def ready(self):
        from . import scopes  # noqa: F401  (each model's path to its owners, for schools.access)

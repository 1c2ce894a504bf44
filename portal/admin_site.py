"""The back office speaks Russian everywhere: third-party apps and their models get Russian names here
(``INSTALLED_APPS`` points at these configs), without touching their migrations."""
from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django_rq.apps import DjangoRqAdminConfig
from django_tasks_db.apps import TasksAppConfig


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"


class AxesConfig(AxesAppConfig):
    verbose_name = "Защита от подбора паролей"


class RqConfig(DjangoRqAdminConfig):
    verbose_name = "Очереди Redis (RQ)"


class TasksDbConfig(TasksAppConfig):
    verbose_name = "Фоновые задачи (база данных)"


# Models of third-party apps whose own names are English: (app label, model name) → Russian plural.
MODEL_NAMES = {
    ("django_rq", "dashboard"): "Состояние очередей",
    ("django_tasks_database", "dbtaskresult"): "Результаты фоновых задач",
}


class PortalAdminSite(AdminSite):
    """``admin.site`` (its titles are set in portal/urls.py)."""

    def _build_app_dict(self, request, label=None):
        app_dict = super()._build_app_dict(request, label)
        for app in app_dict.values():
            for model in app["models"]:
                key = (app["app_label"], model["object_name"].lower())
                model["name"] = MODEL_NAMES.get(key, model["name"])
        return app_dict

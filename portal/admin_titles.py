"""Russian titles for the back-office sections of third-party apps (their own are English)."""
from django.apps import apps

APP_TITLES = {
    "axes": "Защита входа (блокировка подбора пароля)",
    "django_rq": "Очереди фоновых задач (RQ)",
    "django_tasks_database": "Фоновые задачи",
    "django_tasks": "Фоновые задачи",
    "django_tasks_rq": "Фоновые задачи (RQ)",
}
MODEL_TITLES = {
    ("django_tasks_database", "dbtaskresult"): ("результат фоновой задачи", "результаты фоновых задач"),
    ("django_rq", "dashboard"): ("очереди RQ", "очереди RQ"),
}


def russian_admin_titles() -> None:
    for label, title in APP_TITLES.items():
        config = apps.app_configs.get(label)
        if config is not None:
            config.verbose_name = title
    for (label, model_name), (singular, plural) in MODEL_TITLES.items():
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        model._meta.verbose_name, model._meta.verbose_name_plural = singular, plural

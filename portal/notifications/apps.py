from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The portal's bell: the top layer listens to the domain apps' events; no domain app imports it."""

    name = "portal.notifications"
    label = "notifications"
    verbose_name = "Уведомления"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the post_save hooks)
        from . import scopes  # noqa: F401  (declared to schools.access)

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """What is new for one user, linking to its object. Read when opened (or all at once)."""

    class Kind(models.TextChoices):
        ACT_RETURNED = "act_returned", "Акт возвращён на доработку"
        REMARK = "remark", "Новое замечание"
        OVERDUE = "overdue", "Задача просрочена"
        CHECK = "check", "Результат проверки сайта"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кому", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    title = models.CharField("что", max_length=300)
    text = models.CharField("подробно", max_length=500, blank=True)
    url = models.CharField("ссылка", max_length=500)
    # One notification per thing that happened: a second delivery of the same event is ignored.
    key = models.CharField("ключ события", max_length=100)
    created_at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_per_user")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

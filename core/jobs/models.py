"""Long exports run on the background worker: what was asked, by whom, how far it got, the file when ready."""

from django.conf import settings
from django.db import models


class BackgroundJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "формируется"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="кто заказал", on_delete=models.CASCADE,
                              related_name="background_jobs")
    kind = models.CharField("вид", max_length=50)  # an export_report kind: compliance, roadmap, ...
    title = models.CharField("название", max_length=300)
    params = models.JSONField("параметры", default=dict, blank=True)
    state = models.CharField("состояние", max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField("готово строк", default=0)
    total = models.PositiveIntegerField("всего строк", default=0)
    result = models.FileField("файл", upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField("имя файла", max_length=255, blank=True)
    error = models.TextField("ошибка", blank=True)
    created_at = models.DateTimeField("заказано", auto_now_add=True)
    finished_at = models.DateTimeField("готово", null=True, blank=True)

    class Meta:
        verbose_name = "фоновое задание"
        verbose_name_plural = "фоновые задания"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

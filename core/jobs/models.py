"""Long exports and imports run on the background worker: what was asked, by whom, how far it got, the file
when ready; for an import, the uploaded file (private), the preview the officer confirms and what was written."""

from django.conf import settings
from django.db import models


class BackgroundJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "формируется"
        PREVIEW = "preview", "ждёт подтверждения"  # an import: read, shown, nothing written yet
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"
        CANCELLED = "cancelled", "отменено"

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
    # imports (core.imports): the stage under way, the upload, what the preview shows, where the result is
    stage = models.CharField("этап", max_length=100, blank=True)
    upload = models.FileField("загруженный файл", upload_to="imports/%Y/%m/", blank=True, max_length=300)
    upload_name = models.CharField("имя загруженного файла", max_length=255, blank=True)
    upload_sha256 = models.CharField("SHA-256 загруженного файла", max_length=64, blank=True)
    preview = models.JSONField("предпросмотр", default=dict, blank=True)
    result_url = models.CharField("ссылка на результат", max_length=500, blank=True)
    result_label = models.CharField("итог", max_length=500, blank=True)
    created_at = models.DateTimeField("заказано", auto_now_add=True)
    # liveness (core.jobs.liveness): the worker's last sign of life, and which claim of the job is running
    heartbeat_at = models.DateTimeField("последняя отметка о работе", null=True, blank=True)
    attempt = models.PositiveIntegerField("запуск", default=0)
    finished_at = models.DateTimeField("готово", null=True, blank=True)

    class Meta:
        verbose_name = "фоновое задание"
        verbose_name_plural = "фоновые задания"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_import(self) -> bool:
        return self.kind.startswith(IMPORT_PREFIX)

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


IMPORT_PREFIX = "import:"

from django.db import models

from .tasks import SchoolTask


class ReminderLog(models.Model):
    """A reminder that went out; the unique row (task, kind, day) is what makes the daily command idempotent."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Приближается срок"
        OVERDUE = "overdue", "Срок прошёл"

    task = models.ForeignKey(SchoolTask, verbose_name="задача", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    sent_on = models.DateField("дата отправки")
    due_date = models.DateField("срок на момент отправки", null=True, blank=True)
    recipients = models.TextField("адресаты", blank=True)
    # The run that inserted the row: rows are inserted (claimed) before any letter goes out, and a run sends only
    # what it claimed, so two runs started at the same moment never both send a letter (see services/reminders.py).
    claim = models.CharField("запуск рассылки", max_length=32, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = "напоминание"
        verbose_name_plural = "напоминания"
        ordering = ["-sent_on", "task"]
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "sent_on"], name="reminder_unique_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on:%d.%m.%Y}: {self.task}"

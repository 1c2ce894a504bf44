"""What one municipality owes its region under a regional order's clause or roadmap item addressed to «все МОУО»."""
from django.conf import settings
from django.db import models

from core.evidence import evidence_field

from roadmaps.models import ChangeEvent, OrderClause, RoadmapItem
from roadmaps.status import Status
from schools.models import Municipality

from .tasks import TaskOfSource, task_constraints


class MunicipalityTask(TaskOfSource, models.Model):
    """One municipality's part of a regional item / clause: its officers report it, the region follows it."""

    municipality = models.ForeignKey(Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT,
                                     related_name="region_tasks")
    item = models.ForeignKey(RoadmapItem, verbose_name="мероприятие", on_delete=models.CASCADE, null=True,
                             blank=True, related_name="municipality_tasks")
    clause = models.ForeignKey(OrderClause, verbose_name="пункт приказа", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="municipality_tasks")
    due_date = models.DateField("срок", null=True, blank=True, help_text="Пусто — бессрочно.")
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    done_at = models.DateField("дата выполнения", null=True, blank=True)
    status_changed_at = models.DateTimeField("статус изменён", null=True, blank=True)
    version = models.PositiveIntegerField("версия", default=1)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "задача МОУО"
        verbose_name_plural = "задачи МОУО по региональным приказам"
        ordering = ["municipality", "item__position", "clause__position", "pk"]
        constraints = task_constraints(owner="municipality", prefix="municipality_task")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.source_label}"


class MunicipalityTaskEvent(ChangeEvent):
    class Kind(models.TextChoices):
        STATUS = "status", "Изменение статуса"
        COMMENT = "comment", "Комментарий МОУО"
        DEADLINE = "deadline", "Изменение срока"

    task = models.ForeignKey(MunicipalityTask, verbose_name="задача", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.STATUS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="автор", on_delete=models.PROTECT, null=True, blank=True,
        related_name="municipality_task_events", help_text="Пусто — срок изменён в региональной дорожной карте.",
    )
    evidence_file = evidence_field("municipality-task-evidence")

    class Meta(ChangeEvent.Meta):
        verbose_name = "событие задачи МОУО"
        verbose_name_plural = "история задач МОУО"

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.evidence import evidence_field

from roadmaps.models import ChangeEvent, OrderClause, RoadmapItem
from roadmaps.status import Status
from schools.models import School


class Compliance(models.TextChoices):
    """How a task's deadline was kept. Computed in the database (monitoring.selectors.compliance)."""

    ON_TIME = "on_time", "в срок"
    LATE = "late", "с опозданием"
    OVERDUE = "overdue", "просрочено"
    NOT_DUE = "not_due", "срок не наступил"
    NO_DEADLINE = "no_deadline", "без срока"
    CANCELLED = "cancelled", "отменено"


def task_source_label(*, item_number: str | None, clause_number: str | None, order_number: str = "", order_date=None) -> str:
    """A task's source in full: «п. 5 дорожной карты к приказу № 340 от 25.07.2022» / «п. 3 приказа № 800 от ...».

    The order's number and date tell two orders of the same year apart.
    """
    order = f"№ {order_number} от {order_date:%d.%m.%Y}" if order_number and order_date else ""
    if item_number is not None:
        return f"п. {item_number} дорожной карты" + (f" к приказу {order}" if order else "")
    return f"п. {clause_number} приказа" + (f" {order}" if order else "")


def task_constraints(*, owner: str, prefix: str) -> list:
    """A task's rows: an item or a clause (one of them), one task per owner and source, a done task with its date."""
    return [
        models.CheckConstraint(
            condition=(Q(item__isnull=False) & Q(clause__isnull=True)) | (Q(item__isnull=True) & Q(clause__isnull=False)),
            name=f"{prefix}_item_xor_clause",
        ),
        models.UniqueConstraint(fields=[owner, "item"], name=f"{prefix}_unique_item"),
        models.UniqueConstraint(fields=[owner, "clause"], name=f"{prefix}_unique_clause"),
        models.CheckConstraint(condition=~Q(status="done") | Q(done_at__isnull=False), name=f"{prefix}_done_has_date"),
    ]


class TaskOfSource:
    """What a task shows of its source, a roadmap item or an order clause (``item`` / ``clause``, one of them set):
    shared by the schools' and the municipalities' tasks."""

    @property
    def source(self):
        return self.item if self.item_id else self.clause

    @property
    def source_label(self) -> str:
        """The source in full (select_related item__roadmap__order / clause__order to keep it one query)."""
        if self.item_id:
            order = self.item.roadmap.order
            return task_source_label(
                item_number=self.item.number, clause_number=None,
                order_number=order.number if order else "", order_date=order.date if order else None,
            )
        order = self.clause.order
        return task_source_label(
            item_number=None, clause_number=self.clause.number, order_number=order.number, order_date=order.date
        )

    @property
    def activity(self) -> str:
        return self.item.activity if self.item_id else self.clause.text

    @property
    def deadline_text(self) -> str:
        return self.source.deadline_text


class SchoolTask(TaskOfSource, models.Model):
    """What one school owes under a roadmap item or an order clause addressed to all schools."""

    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="tasks")
    item = models.ForeignKey(
        RoadmapItem,
        verbose_name="мероприятие",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="school_tasks",
    )
    clause = models.ForeignKey(
        OrderClause,
        verbose_name="пункт приказа",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="school_tasks",
    )
    due_date = models.DateField("срок", null=True, blank=True, help_text="Пусто — бессрочно.")
    # An officer may move one school's deadline; then the item's deadline no longer drives it.
    due_date_extended = models.BooleanField("срок продлён для школы", default=False)
    # A school added after a deadline had passed is not born overdue: the officer picks a due date or
    # «не применяется» (monitoring.services.school_task_decide_late); until then the task has no due date.
    due_date_pending = models.BooleanField("срок для новой школы не выбран", default=False)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    done_at = models.DateField("дата выполнения", null=True, blank=True)
    status_changed_at = models.DateTimeField("статус изменён", null=True, blank=True)
    version = models.PositiveIntegerField("версия", default=1)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "задача школы"
        verbose_name_plural = "задачи школ"
        ordering = ["school", "item__position", "clause__position", "pk"]
        constraints = task_constraints(owner="school", prefix="school_task")
        indexes = [
            models.Index(fields=["due_date", "status"]),
            # Compliance counts read only these columns: per school and per item they come from the index alone
            # (PostgreSQL; elsewhere the include is dropped and these are plain indexes).
            models.Index(
                fields=["school"], include=["id", "item", "clause", "status", "due_date", "done_at"],
                name="schooltask_school_cover",
            ),
            models.Index(
                fields=["item"], include=["id", "school", "status", "due_date", "done_at"], name="schooltask_item_cover"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.source_label}"


class TaskEvent(ChangeEvent):
    class Kind(models.TextChoices):
        STATUS = "status", "Изменение статуса"
        COMMENT = "comment", "Комментарий школы"
        REMARK = "remark", "Замечание специалиста"
        DEADLINE = "deadline", "Изменение срока"

    task = models.ForeignKey(SchoolTask, verbose_name="задача", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.STATUS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="автор",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_events",
        help_text="Пусто — изменение по мероприятию (срок перенесён в дорожной карте).",
    )
    evidence_file = evidence_field("task-evidence")

    class Meta(ChangeEvent.Meta):
        verbose_name = "событие задачи школы"
        verbose_name_plural = "история задач школ"

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.evidence import Evidence, HistoryEvent, evidence_field

from schools.models import Municipality, Official, Organization, Region

from .deadlines import RECURRENCES
from .status import Status


ALL_MUNICIPALITIES_HELP = "Только в региональном приказе или дорожной карте: задача каждого МОУО региона."


def all_municipalities_check(row, *, owner) -> None:
    """«все МОУО региона» binds the municipalities of a region: only a regional order's clause or roadmap's item
    (municipality empty) may carry it."""
    if row.all_municipalities and owner is not None and owner.municipality_id is not None:
        raise ValidationError({"all_municipalities": "«Все МОУО региона» можно отметить только в региональном "
                                                     "приказе или региональной дорожной карте."})


class Order(models.Model):
    """A приказ exactly as it was signed."""

    issuer = models.ForeignKey(Organization, verbose_name="издавший орган", on_delete=models.PROTECT, related_name="orders")
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT, null=True, blank=True,
        related_name="orders", help_text="Пусто для региональных приказов.",
    )
    region = models.ForeignKey(
        Region, verbose_name="регион", on_delete=models.PROTECT, null=True, blank=True, related_name="orders",
        help_text="Для регионального приказа (муниципалитет пуст): регион, который его издал.",
    )
    issuer_header = models.TextField("шапка бланка", blank=True, help_text="Строки бланка над словом «ПРИКАЗ», как в документе.")
    number = models.CharField("номер", max_length=50)
    date = models.DateField("дата")
    place = models.CharField("место издания", max_length=100, blank=True)
    title = models.TextField("заголовок")
    preamble = models.TextField("преамбула", blank=True)
    signatory_position = models.CharField("должность подписавшего", max_length=300, blank=True)
    signatory_name = models.CharField("подписал", max_length=200, blank=True)
    controller = models.ForeignKey(
        Official, verbose_name="контроль исполнения", on_delete=models.PROTECT, null=True, blank=True,
        related_name="controlled_orders",
    )
    controller_text = models.CharField(
        "контроль исполнения (как в приказе)", max_length=500, blank=True,
    )
    created_at = models.DateTimeField("внесён", auto_now_add=True)

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number", "date"], name="order_unique_requisites"),
        ]

    def __str__(self) -> str:
        return f"Приказ {self.issuer} от {self.date:%d.%m.%Y} № {self.number}"


class OrderCitation(models.Model):
    """An order this order relies on; the cited one may be outside the portal."""

    order = models.ForeignKey(Order, verbose_name="приказ", on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveSmallIntegerField("порядок", default=0)
    cited_order = models.ForeignKey(
        Order, verbose_name="приказ в портале", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="cited_by",
    )
    issuer_name = models.CharField("кем издан", max_length=300)
    number = models.CharField("номер", max_length=50)
    date = models.DateField("дата")
    title = models.TextField("название", blank=True)

    class Meta:
        verbose_name = "ссылка на приказ"
        verbose_name_plural = "ссылки на приказы"
        ordering = ["order", "position"]

    def __str__(self) -> str:
        return f"{self.issuer_name} от {self.date:%d.%m.%Y} № {self.number}"


class DeadlineFields(models.Model):
    """The deadline as signed (verbatim) and the period the portal read from it."""

    deadline_text = models.CharField("срок (как в документе)", max_length=300, blank=True)
    deadline_start = models.DateField("начало периода", null=True, blank=True)
    deadline_end = models.DateField("окончание периода", null=True, blank=True)
    deadline_recognized = models.BooleanField(
        "срок распознан", default=True, help_text="Нет — даты должен указать специалист вручную."
    )
    deadline_note = models.CharField("пояснение к сроку", max_length=300, blank=True)
    deadline_recurrence = models.CharField(
        "повторяемость", max_length=20, blank=True, choices=[(key, label) for key, label in RECURRENCES.items()],
        help_text="«ежемесячно», «по графику», ...: срок повторяется в пределах периода.",
    )

    class Meta:
        abstract = True


class OrderClause(DeadlineFields):
    order = models.ForeignKey(Order, verbose_name="приказ", on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField("номер пункта", max_length=20)
    position = models.PositiveSmallIntegerField("порядок", default=0)
    text = models.TextField("текст")
    responsible_officials = models.ManyToManyField(
        Official, verbose_name="ответственные лица", blank=True, related_name="clauses"
    )
    responsible_organizations = models.ManyToManyField(
        Organization, verbose_name="ответственные организации", blank=True, related_name="clauses"
    )
    all_schools = models.BooleanField("все ОО муниципалитета", default=False)
    all_municipalities = models.BooleanField(
        "все МОУО региона", default=False, help_text=ALL_MUNICIPALITIES_HELP,
    )

    class Meta:
        verbose_name = "пункт приказа"
        verbose_name_plural = "пункты приказа"
        ordering = ["order", "position"]

    def __str__(self) -> str:
        return f"п. {self.number}"

    def clean(self):
        super().clean()
        all_municipalities_check(self, owner=getattr(self, "order", None))  # an inline's unsaved order too


class Roadmap(models.Model):
    order = models.ForeignKey(
        Order, verbose_name="утверждающий приказ", on_delete=models.PROTECT, null=True, blank=True,
        related_name="roadmaps",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT, null=True, blank=True,
        related_name="roadmaps", help_text="Пусто для региональной дорожной карты.",
    )
    region = models.ForeignKey(
        Region, verbose_name="регион", on_delete=models.PROTECT, null=True, blank=True, related_name="roadmaps",
        help_text="Для региональной дорожной карты (муниципалитет пуст).",
    )
    title = models.TextField("название")
    academic_year = models.PositiveSmallIntegerField(
        "учебный год (год начала)", help_text="2022 для 2022–2023 учебного года."
    )
    period_start = models.DateField("начало периода")
    period_end = models.DateField("окончание периода")
    appendix_label = models.CharField("приложение", max_length=100, blank=True, default="Приложение")
    created_at = models.DateTimeField("внесена", auto_now_add=True)

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["-academic_year", "municipality__short_name"]
        constraints = [
            models.CheckConstraint(condition=Q(municipality__isnull=False) | Q(region__isnull=False),
                                   name="roadmap_has_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.owner}: {self.academic_year}–{self.academic_year + 1}"

    @property
    def owner(self):
        """The municipality, or the region for a regional roadmap."""
        return self.municipality or self.region

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}–{self.academic_year + 1} учебный год"


class RoadmapItem(DeadlineFields):
    roadmap = models.ForeignKey(Roadmap, verbose_name="дорожная карта", on_delete=models.CASCADE, related_name="items")
    number = models.CharField("№", max_length=20)
    position = models.PositiveSmallIntegerField("порядок", default=0)
    section = models.CharField("раздел", max_length=500, blank=True)
    activity = models.TextField("мероприятие")
    responsible_text = models.TextField("ответственный исполнитель (как в документе)", blank=True)
    responsible_officials = models.ManyToManyField(
        Official, verbose_name="ответственные лица", blank=True, related_name="roadmap_items"
    )
    responsible_organizations = models.ManyToManyField(
        Organization, verbose_name="ответственные организации", blank=True, related_name="roadmap_items"
    )
    all_schools = models.BooleanField(
        "все ОО муниципалитета", default=False, help_text="«Руководители ОО» / «ОО»: задача каждой школы."
    )
    all_municipalities = models.BooleanField(
        "все МОУО региона", default=False, help_text=ALL_MUNICIPALITIES_HELP,
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_changed_at = models.DateTimeField("статус изменён", null=True, blank=True)
    # Optimistic lock: every write bumps it; a write based on an older version is refused.
    version = models.PositiveIntegerField("версия", default=1)

    class Meta:
        verbose_name = "мероприятие дорожной карты"
        verbose_name_plural = "мероприятия дорожной карты"
        ordering = ["roadmap", "position"]
        indexes = [
            models.Index(fields=["status", "deadline_end"]),
            # The dashboard's overdue / due-soon lists: the first items by deadline, read in index order.
            models.Index(fields=["deadline_end", "roadmap", "position"], name="roadmapitem_deadline_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.activity[:80]}"

    def clean(self):
        super().clean()
        all_municipalities_check(self, owner=getattr(self, "roadmap", None))


class ChangeEvent(HistoryEvent, Evidence):
    """A history row that changes a value (a status: its label is shown; a deadline) or comments, with evidence:
    what the histories of items and of school tasks share. A subclass adds `kind` (its «status» kind shows
    status labels), `author` and `evidence_file`."""

    from_value = models.CharField("было", max_length=300, blank=True)
    to_value = models.CharField("стало", max_length=300, blank=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta(HistoryEvent.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.from_label or '—'} → {self.to_label or '—'}"

    def value_label(self, value: str) -> str:
        if self.kind == "status" and value in Status.values:
            return Status(value).label
        return value

    @property
    def from_label(self) -> str:
        return self.value_label(self.from_value)

    @property
    def to_label(self) -> str:
        return self.value_label(self.to_value)


class ItemEvent(ChangeEvent):
    """One change to an item, as the history shows it."""

    class Kind(models.TextChoices):
        STATUS = "status", "Изменение статуса"
        DEADLINE = "deadline", "Изменение срока"
        COMMENT = "comment", "Комментарий"

    item = models.ForeignKey(RoadmapItem, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.STATUS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="автор", on_delete=models.PROTECT, related_name="item_events"
    )
    evidence_file = evidence_field("evidence")

    class Meta(ChangeEvent.Meta):
        verbose_name = "событие мероприятия"
        verbose_name_plural = "история мероприятий"

"""Compliance rollups: task counts by compliance state, kept by monitoring.services.rollups.

Pages above one school (dashboard, rates, municipalities) read these instead of counting 400,000 tasks.
States that depend on the date (просрочено / срок не наступил) are counted as of ``RollupClock.as_of``;
readers use the rollups only when ``as_of`` is the day they show (see the services module).
"""
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from roadmaps.models import OrderClause, RoadmapItem
from schools.models import Municipality, School

COUNT_FIELDS = ("n_on_time", "n_late", "n_overdue", "n_not_due", "n_no_deadline", "n_cancelled", "n_total")


class RollupClock(models.Model):
    """One row (pk 1): the day the date-dependent counts are as of."""

    as_of = models.DateField("счётчики на дату")

    class Meta:
        verbose_name = "дата счётчиков исполнения"
        verbose_name_plural = "дата счётчиков исполнения"

    def __str__(self) -> str:
        return f"{self.as_of:%d.%m.%Y}"


class RollupCounts(models.Model):
    n_on_time = models.PositiveIntegerField("в срок", default=0)
    n_late = models.PositiveIntegerField("с опозданием", default=0)
    n_overdue = models.PositiveIntegerField("просрочено", default=0)
    n_not_due = models.PositiveIntegerField("срок не наступил", default=0)
    n_no_deadline = models.PositiveIntegerField("без срока", default=0)
    n_cancelled = models.PositiveIntegerField("отменено", default=0)
    n_total = models.PositiveIntegerField("всего", default=0)
    # в срок / (в срок + с опозданием + просрочено), percent; empty when nothing is counted. Stored to sort by.
    rate = models.FloatField("исполнение в срок, %", null=True, blank=True)

    class Meta:
        abstract = True


class CountedSource(models.Model):
    """The roadmap item or the order clause whose tasks a row counts (one of the two)."""

    item = models.ForeignKey(RoadmapItem, verbose_name="мероприятие", on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")
    clause = models.ForeignKey(OrderClause, verbose_name="пункт приказа", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="+")

    class Meta:
        abstract = True


class SourceKey(CountedSource):
    """The schools of one municipality, under one roadmap item or order clause."""

    municipality = models.ForeignKey(Municipality, verbose_name="муниципалитет", on_delete=models.CASCADE,
                                     related_name="+")

    class Meta:
        abstract = True


class SchoolRollup(RollupCounts):
    """Every task of one school (active or not: readers filter the school)."""

    school = models.OneToOneField(School, verbose_name="школа", on_delete=models.CASCADE, primary_key=True,
                                  related_name="rollup")

    class Meta:
        verbose_name = "счётчики исполнения школы"
        verbose_name_plural = "счётчики исполнения школ"
        indexes = [models.Index(fields=["rate", "-n_overdue"], name="schoolrollup_rate_overdue")]

    def __str__(self) -> str:
        return f"{self.school_id}: {self.n_total}"


class SourceRollup(SourceKey, RollupCounts):
    """The tasks of one roadmap item or order clause at the ACTIVE schools of one municipality."""


    class Meta:
        verbose_name = "счётчики исполнения мероприятия"
        verbose_name_plural = "счётчики исполнения мероприятий"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "item"], condition=Q(item__isnull=False),
                                    name="sourcerollup_unique_item"),
            models.UniqueConstraint(fields=["municipality", "clause"], condition=Q(clause__isnull=False),
                                    name="sourcerollup_unique_clause"),
        ]
        indexes = [
            models.Index(fields=["n_overdue"], name="sourcerollup_overdue"),
            # A region's or a municipality's sums read from the index alone (not a scan of the country's rows).
            models.Index(fields=["municipality"], include=["item", "clause", *COUNT_FIELDS],
                         name="sourcerollup_municipality_sums"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.item_id or '-'}/{self.clause_id or '-'}: {self.n_total}"


class SourceTotal(CountedSource, RollupCounts):
    """The tasks of one roadmap item or order clause at the ACTIVE schools of the whole country: the sum of its
    SourceRollup rows, kept beside them. The country's pages rank 20,000 items by an index here instead of summing
    every municipality's rows on each request."""

    class Meta:
        verbose_name = "счётчики исполнения мероприятия по стране"
        verbose_name_plural = "счётчики исполнения мероприятий по стране"
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=Q(item__isnull=False), name="sourcetotal_unique_item"),
            models.UniqueConstraint(fields=["clause"], condition=Q(clause__isnull=False),
                                    name="sourcetotal_unique_clause"),
        ]
        indexes = [
            # The dashboard's «most overdue» (-n_overdue, item, clause) and the rates page's orderings.
            models.Index(F("n_overdue").desc(), "item", "clause", name="sourcetotal_overdue"),
            models.Index(Coalesce("item", Value(0)), Coalesce("clause", Value(0)), name="sourcetotal_key"),
            models.Index("rate", F("n_overdue").desc(), name="sourcetotal_rate"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id or '-'}/{self.clause_id or '-'}: {self.n_total}"


class DueRollup(SourceKey):
    """Open tasks (not done, not cancelled) with a due date, at the ACTIVE schools of one municipality, per item or
    clause and due date. «Просрочено» and «срок в ближайшие дни» are sums over a range of due dates: no clock."""

    due_date = models.DateField("срок")
    n_open = models.PositiveIntegerField("не выполнено", default=0)

    class Meta:
        verbose_name = "невыполненные задачи по сроку"
        verbose_name_plural = "невыполненные задачи по срокам"
        indexes = [
            models.Index(fields=["due_date"], name="duerollup_due"),
            models.Index(fields=["municipality", "due_date"], name="duerollup_municipality_due"),
            models.Index(fields=["item"], name="duerollup_item"),
            models.Index(fields=["clause"], name="duerollup_clause"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.item_id or '-'}/{self.clause_id or '-'} {self.due_date}: {self.n_open}"

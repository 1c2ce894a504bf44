from django.conf import settings
from django.db import models

from roadmaps.models import RoadmapItem
from schools.models import School

from .files import StoredFile, protocol_upload_to
from .schedules import Procedure


class Observation(StoredFile):
    """The authority watched a school's procedure: «контроль за проведением оценочных процедур»."""

    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="procedure_observations")
    item = models.ForeignKey(RoadmapItem, verbose_name="мероприятие дорожной карты", on_delete=models.PROTECT,
                             null=True, blank=True, related_name="procedure_observations")
    date = models.DateField("дата")
    procedure = models.ForeignKey(Procedure, verbose_name="процедура из графика", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="observations")
    procedure_text = models.CharField("процедура (если её нет в графике)", max_length=300, blank=True)
    observers = models.CharField("наблюдатели", max_length=500)
    findings = models.TextField("выявленные нарушения", blank=True, help_text="Пусто — нарушений не выявлено.")
    protocol = models.FileField("протокол", upload_to=protocol_upload_to, blank=True)
    task = models.ForeignKey("monitoring.SchoolTask", verbose_name="задача школы", on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="procedure_observations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT,
                                   related_name="procedure_observations")
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "наблюдение за оценочной процедурой"
        verbose_name_plural = "наблюдения за оценочными процедурами"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.school}, {self.date:%d.%m.%Y}: {self.procedure_label}"

    @property
    def procedure_label(self) -> str:
        return str(self.procedure) if self.procedure_id else self.procedure_text

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.evidence import Evidence, HistoryEvent, evidence_field


class HistoryEntry(HistoryEvent, Evidence):
    """One business event of this app (a schedule loaded, an observation recorded, participants added ...).

    Created only through `monitoring.procedures.events`; an observation's protocol and a material's file or link
    are its evidence (core.evidence), as on the histories of items, tasks, acts and website checks.
    """

    class Kind(models.TextChoices):
        SCHEDULE_IMPORTED = "schedule_imported", "График загружен"
        SCHEDULE_CHANGED = "schedule_changed", "График изменён"
        HOURS_CHANGED = "hours_changed", "Часы предметов изменены"
        OBSERVATION = "observation", "Наблюдение за процедурой"
        OBSERVATION_TASK = "observation_task", "Замечание передано школе"
        EVENT_SAVED = "event_saved", "Мероприятие сохранено"
        PARTICIPANTS = "participants", "Участники добавлены"
        PARTICIPANT_REMOVED = "participant_removed", "Участник удалён"
        MATERIAL = "material", "Материал добавлен"

    kind = models.CharField("вид", max_length=30, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="автор", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="procedure_history")
    schedule = models.ForeignKey("procedures.Schedule", verbose_name="график", on_delete=models.CASCADE,
                                 null=True, blank=True, related_name="history")
    observation = models.ForeignKey("procedures.Observation", verbose_name="наблюдение", on_delete=models.CASCADE,
                                    null=True, blank=True, related_name="history")
    event = models.ForeignKey("procedures.ProfessionalEvent", verbose_name="мероприятие", on_delete=models.CASCADE,
                              null=True, blank=True, related_name="history")
    text = models.TextField("что произошло", blank=True)
    evidence_file = evidence_field("procedure-evidence")

    class Meta(HistoryEvent.Meta):
        verbose_name = "событие"
        verbose_name_plural = "история"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"

    @property
    def evidence_download_url(self) -> str:
        """Where the evidence file is served: an observation's protocol by the observation's page."""
        if self.evidence_file and self.observation_id:
            return reverse("procedures:observation_protocol", args=[self.observation_id])
        return ""

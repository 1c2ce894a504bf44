"""Automatic website checks: a run over a campaign's schools, one job per school, and what each check found.

A school's check history is its :class:`WebsiteCheckEvent` rows (each automatic result, each confirmation or
correction by an officer); the findings of an automatic result hang off its event, so a re-check keeps the
earlier result and its evidence URLs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import School

from .websites import WebsiteCampaign, WebsiteCheck


class SiteCheckRun(models.Model):
    campaign = models.ForeignKey(
        WebsiteCampaign, verbose_name="мониторинг", on_delete=models.CASCADE, related_name="site_check_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="запустил", on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField("запущена", auto_now_add=True)
    approved_after = models.DateField("акт должен быть утверждён после")

    class Meta:
        verbose_name = "автоматическая проверка сайтов"
        verbose_name_plural = "автоматические проверки сайтов"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.campaign}: {timezone.localtime(self.started_at):%d.%m.%Y %H:%M}"


class SiteCheckJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        DONE = "done", "проверен"
        FAILED = "failed", "ошибка"

    run = models.ForeignKey(SiteCheckRun, verbose_name="проверка", on_delete=models.CASCADE, related_name="jobs")
    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.CASCADE, related_name="+")
    state = models.CharField("состояние", max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.TextField("ошибка", blank=True)
    finished_at = models.DateTimeField("закончена", null=True, blank=True)

    class Meta:
        verbose_name = "проверка сайта школы (задание)"
        verbose_name_plural = "проверки сайтов школ (задания)"
        constraints = [models.UniqueConstraint(fields=["run", "school"], name="site_check_job_unique_school")]
        indexes = [models.Index(fields=["run", "state"])]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_state_display()}"


class WebsiteCheckEvent(models.Model):
    class Kind(models.TextChoices):
        AUTOMATIC = "automatic", "результат автоматической проверки"
        MANUAL = "manual", "сохранено специалистом"
        CONFIRMED = "confirmed", "подтверждено специалистом"
        CORRECTED = "corrected", "исправлено специалистом"

    check_result = models.ForeignKey(
        WebsiteCheck, verbose_name="проверка", on_delete=models.CASCADE, related_name="events", db_column="check_id"
    )
    kind = models.CharField("событие", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    run = models.ForeignKey(SiteCheckRun, verbose_name="запуск", on_delete=models.SET_NULL, null=True, blank=True)
    site_reachable = models.BooleanField("сайт доступен", null=True, blank=True)
    section_url = models.URLField("раздел «Сведения»", max_length=1000, blank=True)
    found = models.BooleanField("акт найден", null=True, blank=True)
    remarks = models.TextField("замечания", blank=True)

    class Meta:
        verbose_name = "событие проверки сайта"
        verbose_name_plural = "история проверок сайтов"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.check_result.school}: {self.get_kind_display()}, {timezone.localtime(self.at):%d.%m.%Y %H:%M}"


class WebsiteCheckFinding(models.Model):
    """A document found, or a problem, of one automatic result; always with the URL it came from."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "документ"
        PROBLEM = "problem", "замечание"

    event = models.ForeignKey(WebsiteCheckEvent, verbose_name="результат", on_delete=models.CASCADE,
                              related_name="findings")
    kind = models.CharField("вид", max_length=10, choices=Kind.choices)
    code = models.CharField("код", max_length=50)  # document kind (vsoko, tek_kontrol, itemprop) or problem code
    message = models.TextField("описание", blank=True)
    url = models.URLField("адрес", max_length=1000, blank=True)
    found_on = models.URLField("найдено на странице", max_length=1000, blank=True)
    reachable = models.BooleanField("открывается", null=True, blank=True)
    approved_on = models.DateField("утверждён", null=True, blank=True)
    signed = models.BooleanField("подписан ЭП", null=True, blank=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "находка проверки сайта"
        verbose_name_plural = "находки проверок сайтов"
        ordering = ["event", "position"]

    def __str__(self) -> str:
        from ..sitecheck.checker import KIND_LABELS

        if self.kind == self.Kind.DOCUMENT:
            return f"{self.get_kind_display()}: {KIND_LABELS.get(self.code, self.message or self.url)}"
        return f"{self.get_kind_display()}: {self.message[:80]}"

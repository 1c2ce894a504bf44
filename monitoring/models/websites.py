from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from roadmaps.models import RoadmapItem
from schools.history import PortalHistory
from schools.models import LocalActKind, Municipality, School


class WebsiteCampaign(models.Model):
    """A round of checking the schools' websites, e.g. «Мониторинг сайтов ОО: Положение о ВСОКО, ноябрь 2022»."""

    title = models.CharField("название", max_length=300)
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="website_campaigns"
    )
    period_start = models.DateField("начало")
    period_end = models.DateField("окончание")
    act_kinds = models.ManyToManyField(
        LocalActKind,
        verbose_name="виды локальных актов",
        blank=True,
        related_name="website_campaigns",
        help_text="Какие локальные акты ищут на сайтах школ.",
    )
    item = models.ForeignKey(
        RoadmapItem,
        verbose_name="мероприятие дорожной карты",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="website_campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "мониторинг сайтов"
        verbose_name_plural = "мониторинги сайтов"
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="campaign_period_order"),
        ]

    def __str__(self) -> str:
        return self.title


class CheckCriterion(models.Model):
    """One line of a campaign's checklist. Rows without a campaign are the defaults new campaigns copy."""

    campaign = models.ForeignKey(
        WebsiteCampaign,
        verbose_name="мониторинг",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
        help_text="Пусто — критерий по умолчанию для новых мониторингов.",
    )
    code = models.SlugField("код", max_length=50)
    title = models.CharField("критерий", max_length=300)
    short_title = models.CharField("кратко (заголовок столбца)", max_length=60)
    description = models.TextField("как проверять", blank=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)
    max_score = models.PositiveSmallIntegerField(
        "максимальный балл", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    history = PortalHistory()

    class Meta:
        verbose_name = "критерий проверки сайта"
        verbose_name_plural = "критерии проверки сайтов"
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="criterion_unique_code"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(campaign__isnull=True), name="criterion_default_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class WebsiteCheck(models.Model):
    """One school's result in a campaign."""

    class Method(models.TextChoices):
        MANUAL = "manual", "вручную"
        AUTOMATIC = "automatic", "автоматически"

    campaign = models.ForeignKey(
        WebsiteCampaign, verbose_name="мониторинг", on_delete=models.CASCADE, related_name="checks"
    )
    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="website_checks")
    found = models.BooleanField("акт найден на сайте")
    page_url = models.URLField("страница раздела", max_length=1000, blank=True)
    document_url = models.URLField("ссылка на документ", max_length=1000, blank=True)
    other_urls = models.TextField("другие ссылки", blank=True, help_text="По одной на строку.")
    remarks = models.TextField("замечания", blank=True)
    method = models.CharField("способ проверки", max_length=20, choices=Method.choices, default=Method.MANUAL)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="проверил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="website_checks",
    )
    checked_at = models.DateTimeField("проверено")
    version = models.PositiveIntegerField("версия", default=1)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="подтвердил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Кто из специалистов подтвердил или исправил автоматический результат.",
    )
    confirmed_at = models.DateTimeField("подтверждено", null=True, blank=True)

    class Meta:
        verbose_name = "проверка сайта школы"
        verbose_name_plural = "проверки сайтов школ"
        ordering = ["campaign", "school"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "school"], name="website_check_unique_school"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.school}"

    @property
    def other_url_list(self) -> list[str]:
        return [line.strip() for line in self.other_urls.splitlines() if line.strip()]


class CriterionScore(models.Model):
    check_result = models.ForeignKey(
        WebsiteCheck, verbose_name="проверка", on_delete=models.CASCADE, related_name="scores", db_column="check_id"
    )
    criterion = models.ForeignKey(
        CheckCriterion, verbose_name="критерий", on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField("балл")

    class Meta:
        verbose_name = "балл по критерию"
        verbose_name_plural = "баллы по критериям"
        constraints = [
            models.UniqueConstraint(fields=["check_result", "criterion"], name="criterion_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"

from django.conf import settings
from django.db import models
from django.db.models import Q

from .names import normalize_initials, person_key


class Municipality(models.Model):
    name = models.CharField("название", max_length=255, unique=True)
    short_name = models.CharField("краткое название", max_length=100, unique=True)
    okato = models.CharField("код", max_length=20, blank=True)

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class Organization(models.Model):
    class Kind(models.TextChoices):
        AUTHORITY = "authority", "Муниципальный орган управления образованием"
        INSTITUTE = "institute", "Институт повышения квалификации"
        MINISTRY = "ministry", "Региональное министерство"
        OTHER = "other", "Другая организация"

    name = models.CharField("полное название", max_length=500)
    short_name = models.CharField("краткое название", max_length=150)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT,
        null=True, blank=True, related_name="organizations",
        help_text="Пусто для региональных организаций.",
    )
    aliases = models.TextField(
        "другие написания", blank=True,
        help_text="По одному на строку: как организацию называют в документах («Управление образования», «КОиН»).",
    )

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "short_name"], name="organization_unique_short_name"),
        ]

    def __str__(self) -> str:
        return self.short_name


class School(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="schools"
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    head_name = models.CharField("руководитель", max_length=200, blank=True)
    website = models.URLField("сайт", blank=True)
    email = models.EmailField("электронная почта", blank=True)
    is_demo = models.BooleanField(
        "демонстрационная запись", default=False,
        help_text="Вымышленная школа для демонстрации портала.",
    )
    is_active = models.BooleanField("действует", default=True)
    created_at = models.DateTimeField("добавлена", auto_now_add=True)

    class Meta:
        verbose_name = "школа (ОО)"
        verbose_name_plural = "школы (ОО)"
        ordering = ["municipality__short_name", "short_name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "short_name"], name="school_unique_short_name"),
        ]

    def __str__(self) -> str:
        return self.short_name


class Official(models.Model):
    """A responsible person as orders name them: «Павловец О.М., начальник отдела ...»."""

    surname = models.CharField("фамилия", max_length=100)
    initials = models.CharField("инициалы", max_length=10)
    name_key = models.CharField("ключ имени", max_length=120, editable=False, db_index=True)
    position = models.CharField("должность", max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT,
        null=True, blank=True, related_name="officials",
    )
    school = models.ForeignKey(
        School, verbose_name="школа", on_delete=models.PROTECT, null=True, blank=True, related_name="officials"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT,
        null=True, blank=True, related_name="officials",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="учётная запись", on_delete=models.SET_NULL,
        null=True, blank=True, related_name="official",
    )
    email = models.EmailField("электронная почта", blank=True)

    class Meta:
        verbose_name = "должностное лицо"
        verbose_name_plural = "должностные лица"
        ordering = ["surname", "initials"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name_key"], name="official_unique_per_municipality"),
        ]

    def save(self, *args, **kwargs):
        # Derived identity, not a business rule: keeps «Н. А.» and «Н.А.» one person.
        self.initials = normalize_initials(self.initials)
        self.name_key = person_key(self.surname, self.initials)
        super().save(*args, **kwargs)

    @property
    def short_name(self) -> str:
        return f"{self.surname} {self.initials}"

    def __str__(self) -> str:
        return f"{self.short_name}, {self.position}" if self.position else self.short_name


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    REGIONAL = "regional", "Специалист регионального уровня"
    MUNICIPAL = "municipal", "Специалист муниципального органа управления образованием"
    SCHOOL_HEAD = "school_head", "Руководитель ОО"


class UserProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="пользователь", on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("роль", max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT,
        null=True, blank=True, related_name="profiles",
    )
    school = models.ForeignKey(
        School, verbose_name="школа", on_delete=models.PROTECT, null=True, blank=True, related_name="profiles"
    )

    class Meta:
        verbose_name = "профиль пользователя"
        verbose_name_plural = "профили пользователей"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="municipal") | Q(municipality__isnull=False),
                name="profile_municipal_has_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(role="school_head") | Q(school__isnull=False),
                name="profile_school_head_has_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

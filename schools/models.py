import simple_history
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core.evidence import GeneratedName, HistoryEvent
from .history import AccountHistory, PortalHistory
from .names import normalize_initials, person_key


class Region(models.Model):
    """A federal subject (субъект РФ): the level above municipalities."""

    name = models.CharField("название", max_length=255, unique=True)
    code = models.CharField(
        "код субъекта", max_length=2, unique=True,
        validators=[RegexValidator(r"^\d{2}$", "Код субъекта — две цифры, например 42.")],
        help_text="Двузначный код субъекта Российской Федерации (42 — Кузбасс).",
    )

    history = PortalHistory()

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    region = models.ForeignKey(Region, verbose_name="регион", on_delete=models.PROTECT, related_name="municipalities")
    name = models.CharField("название", max_length=255, unique=True)
    short_name = models.CharField("краткое название", max_length=100, unique=True)
    okato = models.CharField("код", max_length=20, blank=True)

    history = PortalHistory()

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
    region = models.ForeignKey(
        Region, verbose_name="регион", on_delete=models.PROTECT, null=True, blank=True, related_name="organizations",
        help_text="Для региональной организации (муниципалитет пуст): её регион, например министерство образования.",
    )
    aliases = models.TextField(
        "другие написания", blank=True,
        help_text="По одному на строку: как организацию называют в документах («Управление образования», «КОиН»).",
    )

    history = PortalHistory()

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

    history = PortalHistory()

    class Meta:
        verbose_name = "школа (ОО)"
        verbose_name_plural = "школы (ОО)"
        ordering = ["municipality__short_name", "short_name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "short_name"], name="school_unique_short_name"),
        ]
        # Active schools counted (the rates page, municipalities side by side) from the index alone.
        indexes = [
            models.Index(fields=["municipality"], condition=models.Q(is_active=True), name="school_active_municipality"),
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

    history = PortalHistory()

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
    FEDERAL = "federal", "Специалист федерального уровня"
    REGIONAL = "regional", "Специалист регионального уровня"
    MUNICIPAL = "municipal", "Специалист муниципального органа управления образованием"
    SCHOOL_HEAD = "school_head", "Руководитель ОО"


class UserProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="пользователь", on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("роль", max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name="регион", on_delete=models.PROTECT, null=True, blank=True, related_name="profiles",
        help_text="Для специалиста регионального уровня.",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT,
        null=True, blank=True, related_name="profiles",
    )
    school = models.ForeignKey(
        School, verbose_name="школа", on_delete=models.PROTECT, null=True, blank=True, related_name="profiles"
    )

    history = PortalHistory(verbose_name="запись истории ролей", verbose_name_plural="история ролей")

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
            models.CheckConstraint(
                condition=~Q(role="regional") | Q(region__isnull=False),
                name="profile_regional_has_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


# Accounts keep their history too (is_active, is_staff, names); the password and the login stamp are left out.
simple_history.register(
    get_user_model(), app="schools", records_class=AccountHistory, excluded_fields=["password", "last_login"],
    verbose_name="версия: учётная запись", verbose_name_plural="история: учётные записи",
)


# --- Local acts (локальные акты) of schools ----------------------------------
# Kept here because Django looks for an app's models in its models module; the code that
# works with them lives in schools/acts/.


class LocalActKind(models.Model):
    """A kind of local act every school must keep (Положение о ВСОКО, ...); administrators add more."""

    code = models.SlugField("код", max_length=50, unique=True)
    name = models.CharField("название", max_length=500)
    itemprop = models.CharField(
        "микроразметка на сайте (itemprop)", max_length=100, blank=True,
        help_text="Атрибут itemprop ссылки в разделе /sveden/document, если он установлен приказом Рособрнадзора "
                  "(например, tekKontrolDocLink). Для Положения о ВСОКО такого атрибута нет.",
    )
    ordering = models.PositiveIntegerField("порядок", default=100)
    is_active = models.BooleanField("используется", default=True,
                                    help_text="Неиспользуемый вид не предлагается для загрузки; загруженные акты сохраняются.")

    history = PortalHistory()

    class Meta:
        verbose_name = "вид локального акта"
        verbose_name_plural = "виды локальных актов"
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


class ReviewState(models.TextChoices):
    PENDING = "pending", "на проверке"
    ACCEPTED = "accepted", "принят"
    RETURNED = "returned", "возвращён на доработку"


REVIEW_STATE_BADGES = {
    ReviewState.PENDING: "warning",
    ReviewState.ACCEPTED: "success",
    ReviewState.RETURNED: "danger",
}


class LocalAct(models.Model):
    """A school's act of one kind; its text lives in versions, each upload a new one."""

    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="local_acts")
    kind = models.ForeignKey(LocalActKind, verbose_name="вид акта", on_delete=models.PROTECT, related_name="acts")
    created_at = models.DateTimeField("первая загрузка", auto_now_add=True)

    class Meta:
        verbose_name = "локальный акт"
        verbose_name_plural = "локальные акты"
        ordering = ["school__short_name", "kind__ordering"]
        constraints = [models.UniqueConstraint(fields=["school", "kind"], name="local_act_unique_per_school_kind")]

    def __str__(self) -> str:
        return f"{self.kind.name} — {self.school}"


class LocalActVersion(models.Model):
    """One uploaded text of an act, never overwritten: a correction is the next version."""

    act = models.ForeignKey(LocalAct, verbose_name="акт", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("версия")
    file = models.FileField("файл", upload_to=GeneratedName("acts"), max_length=200)
    original_name = models.CharField("имя файла", max_length=255)
    size = models.PositiveBigIntegerField("размер, байт")
    content_type = models.CharField("тип файла", max_length=100)
    sha256 = models.CharField("контрольная сумма SHA-256", max_length=64)
    approval_number = models.CharField("номер приказа об утверждении", max_length=50)
    approval_date = models.DateField("дата приказа об утверждении")
    published_url = models.URLField("адрес на сайте школы", max_length=1000, blank=True)
    comment = models.TextField("комментарий руководителя", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="загрузил", on_delete=models.PROTECT, related_name="uploaded_act_versions"
    )
    uploaded_at = models.DateTimeField("загружено", auto_now_add=True, db_index=True)
    state = models.CharField("состояние", max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING,
                             db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="проверил", on_delete=models.PROTECT,
        null=True, blank=True, related_name="reviewed_act_versions",
    )
    reviewed_at = models.DateTimeField("проверено", null=True, blank=True)
    remarks = models.TextField("замечания", blank=True)

    class Meta:
        verbose_name = "версия локального акта"
        verbose_name_plural = "версии локальных актов"
        ordering = ["act", "-number"]
        constraints = [models.UniqueConstraint(fields=["act", "number"], name="local_act_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.act} — версия {self.number}"

    @property
    def state_badge(self) -> str:
        return REVIEW_STATE_BADGES.get(self.state, "secondary")


class ActEvent(HistoryEvent):
    """A step in an act's life — a version uploaded, accepted or returned — as the history shows it."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Загружена версия"
        REVIEWED = "reviewed", "Проверка"

    version = models.ForeignKey(LocalActVersion, verbose_name="версия", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="автор", on_delete=models.PROTECT, related_name="act_events"
    )
    from_state = models.CharField("было", max_length=20, choices=ReviewState.choices, blank=True)
    to_state = models.CharField("стало", max_length=20, choices=ReviewState.choices)
    comment = models.TextField("комментарий", blank=True)

    class Meta(HistoryEvent.Meta):
        verbose_name = "событие локального акта"
        verbose_name_plural = "история локальных актов"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_from_state_display() or '—'} → {self.get_to_state_display()}"


class DataVersion(models.Model):
    """A counter per municipality, raised in the transaction of every write that changes what its pages show.

    Summed over a region or the country it is the version of that scope's data: cached page blocks are keyed to it
    (``schools.versions``), so a write is seen on the next request of every role above it, in every process."""

    municipality = models.OneToOneField(
        Municipality, verbose_name="муниципалитет", on_delete=models.CASCADE, primary_key=True, related_name="+",
    )
    n = models.PositiveBigIntegerField("версия данных", default=0)

    class Meta:
        verbose_name = "версия данных муниципалитета"
        verbose_name_plural = "версии данных муниципалитетов"

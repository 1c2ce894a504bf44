"""ВПР rounds, participants' results per school, the objectivity-control sample and the ties of a sign to a task."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.evidence import GeneratedName
from schools.models import School


class SchoolLogin(models.Model):
    """A school's login in ФИС ОКО (edu203389; older sch220206): how result files name the school."""

    school = models.OneToOneField(School, verbose_name="школа", on_delete=models.CASCADE, related_name="fis_oko")
    login = models.CharField("логин ФИС ОКО", max_length=30, unique=True,
                             help_text="Как в файлах ФИС ОКО: edu203389 (в старых выгрузках sch220206).")

    class Meta:
        verbose_name = "логин школы в ФИС ОКО"
        verbose_name_plural = "логины школ в ФИС ОКО"
        ordering = ["login"]

    def __str__(self) -> str:
        return f"{self.login} — {self.school}"

    def save(self, *args, **kwargs):
        self.login = self.login.strip().lower()
        super().save(*args, **kwargs)


class VprRound(models.Model):
    """One work: a subject in a grade in a year, with its maximum and its conversion scale."""

    year = models.PositiveSmallIntegerField("год")
    subject = models.CharField("предмет", max_length=100)
    grade = models.PositiveSmallIntegerField("класс (параллель)")
    held_on = models.DateField("дата проведения", null=True, blank=True)
    max_score = models.PositiveSmallIntegerField("максимальный первичный балл")
    # [[low, high, mark], ...]: primary scores low..high give the mark («0-6:2,7-11:3,...»).
    scale = models.JSONField("шкала перевода первичного балла в отметку", default=list, blank=True)
    tasks = models.JSONField("задания", default=list, blank=True,
                             help_text="[{\"name\": \"9.1\", \"max\": 1, \"level\": \"Б\"}, ...]")
    is_synthetic = models.BooleanField("синтетические данные", default=False)
    title = models.CharField("название", max_length=300, blank=True)
    created_at = models.DateTimeField("загружено впервые", auto_now_add=True)

    class Meta:
        verbose_name = "работа ВПР"
        verbose_name_plural = "работы ВПР"
        ordering = ["-year", "subject", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["year", "subject", "grade", "is_synthetic"], name="vpr_round_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        text = f"ВПР {self.year} {self.subject} {self.grade} класс"
        return f"{text} (синтетические данные)" if self.is_synthetic else text


class JSONTextField(models.JSONField):
    """A JSONField kept as PostgreSQL's json (the text, checked on the way in) rather than jsonb.

    The participants' task scores are written a million rows at a time and never searched inside: parsing them
    into jsonb was 40 % of the server's work in the import's COPY. Python sees the same list either way; lookups
    into the value that need jsonb (has_key, contains) are not available on it. Other databases: a JSONField.
    """

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def from_db_value(self, value, expression, connection):
        if value is not None and not isinstance(value, str):
            return value  # psycopg2 decodes json columns itself
        return super().from_db_value(value, expression, connection)


class VprResult(models.Model):
    """One participant of a round in one school. Codes start again in every school."""

    # No index of its own: the unique (round, school, code) index serves every lookup by round.
    # No foreign-key constraint in the database either (db_constraint=False), for the round and the school alike:
    # PostgreSQL checks such a constraint row by row (two look-ups per participant: 60 % of a million-row COPY).
    # The import holds both parents locked instead, once per file (services.vpr_import: the round's row is
    # updated, the schools' rows are locked FOR KEY SHARE), and Django keeps CASCADE / PROTECT on delete.
    round = models.ForeignKey(VprRound, verbose_name="работа", on_delete=models.CASCADE, related_name="results",
                              db_index=False, db_constraint=False)
    # Nor the school: every read goes by round first; a million-row COPY maintains one index less.
    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="vpr_results",
                               db_index=False, db_constraint=False)
    code = models.CharField("код участника", max_length=40)
    class_number = models.CharField("класс", max_length=20, blank=True)
    variant = models.CharField("вариант", max_length=20, blank=True)
    task_scores = JSONTextField("баллы за задания", default=list, blank=True)
    primary_score = models.PositiveSmallIntegerField("первичный балл")
    mark = models.PositiveSmallIntegerField("отметка")
    journal_mark = models.PositiveSmallIntegerField("отметка по журналу", null=True, blank=True)

    class Meta:
        verbose_name = "результат участника ВПР"
        verbose_name_plural = "результаты участников ВПР"
        ordering = ["round", "school", "code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "school", "code"], name="vpr_result_unique_code"),
            models.CheckConstraint(condition=Q(mark__gte=1, mark__lte=5), name="vpr_result_mark_range"),
            models.CheckConstraint(condition=Q(journal_mark__isnull=True) | Q(journal_mark__gte=1, journal_mark__lte=5),
                                   name="vpr_result_journal_mark_range"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.code}"


class VprImport(models.Model):
    """A loaded file, as an event: who, when, what it held."""

    round = models.ForeignKey(VprRound, verbose_name="работа", on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="загрузил", on_delete=models.PROTECT,
                             null=True, blank=True, related_name="vpr_imports")
    file_name = models.CharField("файл", max_length=255)
    sha256 = models.CharField("контрольная сумма SHA-256", max_length=64, blank=True)
    layout = models.CharField("вид файла", max_length=50)
    schools = models.PositiveIntegerField("школ загружено")
    participants = models.PositiveIntegerField("участников загружено")
    warnings = models.JSONField("предупреждения", default=list, blank=True)
    created_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "загрузка результатов ВПР"
        verbose_name_plural = "загрузки результатов ВПР"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d.%m.%Y})"


class ControlledSchool(models.Model):
    """A school of the objectivity-control sample: it writes the round with independent observers."""

    round = models.ForeignKey(VprRound, verbose_name="работа", on_delete=models.CASCADE, related_name="controlled")
    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="vpr_controls")
    notes = models.TextField("примечания", blank=True)

    class Meta:
        verbose_name = "школа с контролем объективности"
        verbose_name_plural = "ВПР с контролем объективности"
        ordering = ["round", "school__short_name"]
        constraints = [models.UniqueConstraint(fields=["round", "school"], name="vpr_control_unique")]

    def __str__(self) -> str:
        return f"{self.school} — {self.round}"


class Observer(models.Model):
    control = models.ForeignKey(ControlledSchool, verbose_name="школа", on_delete=models.CASCADE,
                                related_name="observers")
    full_name = models.CharField("ФИО наблюдателя", max_length=200)
    organization = models.CharField("организация", max_length=300,
                                    help_text="Управление образования или другая школа.")

    class Meta:
        verbose_name = "независимый наблюдатель"
        verbose_name_plural = "независимые наблюдатели"
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organization})"


def control_document_upload_to(instance, filename: str) -> str:
    """A generated name (the migrations name this function, hence not a GeneratedName instance)."""
    return GeneratedName("vpr-control")(instance, filename)


class ControlDocument(models.Model):
    """An observer's protocol or notes, kept as evidence; the file is checked by content on upload."""

    class Kind(models.TextChoices):
        PROTOCOL = "protocol", "Протокол наблюдателя"
        NOTES = "notes", "Замечания наблюдателя"

    control = models.ForeignKey(ControlledSchool, verbose_name="школа", on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.PROTOCOL)
    file = models.FileField("файл", upload_to=control_document_upload_to, max_length=200)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    size = models.PositiveBigIntegerField("размер, байт", default=0)
    content_type = models.CharField("тип файла", max_length=100, blank=True)
    uploaded_at = models.DateTimeField("загружено", auto_now_add=True)

    class Meta:
        verbose_name = "документ наблюдателя"
        verbose_name_plural = "документы наблюдателей"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class Sign(models.TextChoices):
    HIGH_MEAN = "high_mean", "Средний балл значимо выше региона"
    NEGATIVE_CORRELATION = "negative_correlation", "Отрицательная связь отметки по журналу и балла"
    RAISED_SHARE = "raised_share", "Доля «повысили» намного выше региона"
    COHORT_JUMP = "cohort_jump", "Резкое изменение результатов параллели"


class SignTask(models.Model):
    """A sign of one school in one round turned into a task: which roadmap item, which task, by whom."""

    round = models.ForeignKey(VprRound, verbose_name="работа", on_delete=models.CASCADE, related_name="sign_tasks")
    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="vpr_sign_tasks")
    sign = models.CharField("признак", max_length=30, choices=Sign.choices)
    item = models.ForeignKey("roadmaps.RoadmapItem", verbose_name="мероприятие", on_delete=models.PROTECT,
                             related_name="vpr_sign_tasks")
    task = models.ForeignKey("monitoring.SchoolTask", verbose_name="задача школы", on_delete=models.PROTECT,
                             related_name="vpr_signs")
    figures = models.JSONField("показатели", default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="поручил", on_delete=models.PROTECT,
                                   related_name="vpr_sign_tasks")
    created_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "признак, переданный школе"
        verbose_name_plural = "признаки, переданные школам"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["round", "school", "sign"], name="vpr_sign_task_unique")]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_sign_display()}"


class VprSchoolResult(models.Model):
    """A school's figures in a round, kept beside its participants' rows and replaced with them.

    The comparison above school level and every sign read these (one row per school) instead of re-grouping a
    million participants on each page. Written by the import (services.vpr_import) from the rows it writes, or
    recomputed from the stored rows by services.school_results_refresh.
    """

    round = models.ForeignKey(VprRound, verbose_name="работа", on_delete=models.CASCADE, related_name="school_results")
    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT,
                               related_name="vpr_school_results")
    total = models.PositiveIntegerField("участников")
    compared = models.PositiveIntegerField("с отметкой по журналу")
    lowered = models.PositiveIntegerField("понизили")
    confirmed = models.PositiveIntegerField("подтвердили")
    raised = models.PositiveIntegerField("повысили")
    without = models.PositiveIntegerField("без отметки по журналу")
    m2 = models.PositiveIntegerField("отметка «2»")
    m3 = models.PositiveIntegerField("отметка «3»")
    m4 = models.PositiveIntegerField("отметка «4»")
    m5 = models.PositiveIntegerField("отметка «5»")
    score_sum = models.BigIntegerField("сумма первичных баллов")
    score_sq_sum = models.BigIntegerField("сумма квадратов первичных баллов")
    rho = models.FloatField("ρ Спирмена (отметка по журналу и первичный балл)", null=True, blank=True)

    class Meta:
        verbose_name = "итоги школы по работе ВПР"
        verbose_name_plural = "итоги школ по работам ВПР"
        constraints = [models.UniqueConstraint(fields=["round", "school"], name="vpr_school_result_unique")]

    def __str__(self) -> str:
        return f"{self.school}: {self.round}"

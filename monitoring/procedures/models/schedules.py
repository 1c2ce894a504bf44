from django.db import models

from schools.models import School

from ..choices import Form, Level, Rule
from ..parsing import class_label


class Schedule(models.Model):
    """A school's single schedule of assessment procedures (единый график оценочных процедур) for a year."""

    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="procedure_schedules")
    academic_year = models.PositiveSmallIntegerField("учебный год (год начала)", help_text="2022 для 2022–2023.")
    last_lesson_primary = models.PositiveSmallIntegerField(
        "последний урок в 1–4 классах", default=5, help_text="Номер последнего урока дня; работа на нём — нарушение.")
    last_lesson_senior = models.PositiveSmallIntegerField("последний урок в 5–11 классах", default=6)
    source_name = models.CharField("загруженный файл", max_length=255, blank=True)
    published_url = models.URLField("адрес графика на сайте школы", max_length=1000, blank=True)
    row_count = models.PositiveIntegerField("строк", default=0)
    breach_count = models.PositiveIntegerField("нарушений", default=0)
    checked_at = models.DateTimeField("проверен", null=True, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "график оценочных процедур"
        verbose_name_plural = "графики оценочных процедур"
        ordering = ["school__short_name", "-academic_year"]
        constraints = [models.UniqueConstraint(fields=["school", "academic_year"], name="schedule_unique_school_year")]
        indexes = [models.Index(fields=["academic_year", "breach_count"])]

    def __str__(self) -> str:
        return f"{self.school}: график на {self.academic_year_label}"

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}–{self.academic_year + 1}"

    @property
    def last_lessons(self) -> dict[str, int]:
        return {"primary": self.last_lesson_primary, "senior": self.last_lesson_senior}


class Procedure(models.Model):
    """One row of the schedule: a class (or a whole parallel) writes a work in a subject on a date."""

    schedule = models.ForeignKey(Schedule, verbose_name="график", on_delete=models.CASCADE, related_name="procedures")
    parallel = models.PositiveSmallIntegerField("параллель")
    letter = models.CharField("литера класса", max_length=3, blank=True, help_text="Пусто — вся параллель.")
    subject = models.CharField("предмет", max_length=200)
    subject_key = models.CharField("предмет (ключ)", max_length=200, editable=False)
    date = models.DateField("дата")
    lesson = models.PositiveSmallIntegerField("урок", null=True, blank=True)
    level = models.CharField("уровень", max_length=20, choices=Level.choices, default=Level.SCHOOL)
    form = models.CharField("форма", max_length=20, choices=Form.choices, default=Form.CONTROL)
    source_row = models.PositiveIntegerField("строка файла", null=True, blank=True)

    class Meta:
        verbose_name = "оценочная процедура"
        verbose_name_plural = "оценочные процедуры"
        ordering = ["schedule", "date", "parallel", "letter", "lesson", "pk"]
        indexes = [models.Index(fields=["schedule", "parallel", "subject_key"])]

    def __str__(self) -> str:
        return f"{self.class_label}, {self.subject}, {self.date:%d.%m.%Y}"

    @property
    def class_label(self) -> str:
        return class_label(self.parallel, self.letter)


class SubjectHours(models.Model):
    """Hours a year of a subject in a parallel, from the school's curriculum (учебный план)."""

    schedule = models.ForeignKey(Schedule, verbose_name="график", on_delete=models.CASCADE, related_name="hours")
    parallel = models.PositiveSmallIntegerField("параллель")
    subject = models.CharField("предмет", max_length=200)
    subject_key = models.CharField("предмет (ключ)", max_length=200, editable=False)
    hours_per_year = models.PositiveSmallIntegerField("часов в год")

    class Meta:
        verbose_name = "часы предмета"
        verbose_name_plural = "часы предметов"
        ordering = ["schedule", "parallel", "subject"]
        constraints = [models.UniqueConstraint(fields=["schedule", "parallel", "subject_key"],
                                               name="subject_hours_unique")]

    def __str__(self) -> str:
        return f"{self.parallel}-е классы, {self.subject}: {self.hours_per_year} ч"


class ScheduleBreach(models.Model):
    """A breach the rule checker found; rewritten whenever the schedule changes (procedures.rules)."""

    schedule = models.ForeignKey(Schedule, verbose_name="график", on_delete=models.CASCADE, related_name="breaches")
    rule = models.CharField("правило", max_length=20, choices=Rule.choices)
    parallel = models.PositiveSmallIntegerField("параллель")
    class_label = models.CharField("класс", max_length=30)
    subject = models.CharField("предмет", max_length=300)
    reason = models.TextField("в чём нарушение")
    procedures = models.ManyToManyField(Procedure, verbose_name="строки графика", related_name="breaches")
    first_date = models.DateField("дата", null=True, blank=True)

    class Meta:
        verbose_name = "нарушение графика"
        verbose_name_plural = "нарушения графиков"
        ordering = ["schedule", "rule", "parallel", "class_label", "first_date", "pk"]

    def __str__(self) -> str:
        return self.reason[:100]

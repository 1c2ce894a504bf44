from django.conf import settings
from django.db import models

from roadmaps.models import RoadmapItem
from schools.models import Municipality, Organization, School

from ..choices import EventKind
from .files import StoredFile, certificate_upload_to, material_upload_to, protocol_upload_to


class ProfessionalEvent(models.Model):
    """A meeting, seminar, webinar, consultation or course for school teams."""

    municipality = models.ForeignKey(Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT,
                                     related_name="professional_events")
    kind = models.CharField("вид", max_length=20, choices=EventKind.choices)
    title = models.CharField("название", max_length=500)
    date_start = models.DateField("дата (начало)")
    date_end = models.DateField("окончание", null=True, blank=True, help_text="Для курсов и серий вебинаров.")
    organizer = models.ForeignKey(Organization, verbose_name="организатор", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="professional_events")
    items = models.ManyToManyField(RoadmapItem, verbose_name="мероприятия дорожной карты", blank=True,
                                   related_name="professional_events")
    description = models.TextField("описание", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT,
                                   related_name="professional_events")
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "мероприятие для школьных команд"
        verbose_name_plural = "мероприятия для школьных команд"
        ordering = ["-date_start", "-pk"]
        indexes = [models.Index(fields=["municipality", "date_start"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display().capitalize()} «{self.title}»"

    @property
    def period_label(self) -> str:
        if self.date_end and self.date_end != self.date_start:
            return f"{self.date_start:%d.%m.%Y} – {self.date_end:%d.%m.%Y}"
        return f"{self.date_start:%d.%m.%Y}"


class EventMaterial(StoredFile):
    event = models.ForeignKey(ProfessionalEvent, verbose_name="мероприятие", on_delete=models.CASCADE,
                              related_name="materials")
    title = models.CharField("название", max_length=300)
    file = models.FileField("файл", upload_to=material_upload_to, blank=True)
    url = models.URLField("ссылка", max_length=1000, blank=True)

    class Meta:
        verbose_name = "материал мероприятия"
        verbose_name_plural = "материалы мероприятий"
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return self.title


class Participant(StoredFile):
    """A person of a school's team who took part; a course certificate is the evidence."""

    event = models.ForeignKey(ProfessionalEvent, verbose_name="мероприятие", on_delete=models.CASCADE,
                              related_name="participants")
    school = models.ForeignKey(School, verbose_name="школа", on_delete=models.PROTECT, related_name="event_participants")
    person = models.CharField("ФИО", max_length=200)
    position = models.CharField("должность", max_length=200, blank=True)
    certificate_number = models.CharField("номер удостоверения", max_length=100, blank=True)
    certificate = models.FileField("удостоверение", upload_to=certificate_upload_to, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT,
                                 related_name="event_participants")
    added_at = models.DateTimeField("внесён", auto_now_add=True)

    class Meta:
        verbose_name = "участник мероприятия"
        verbose_name_plural = "участники мероприятий"
        ordering = ["event", "school__short_name", "person"]
        constraints = [models.UniqueConstraint(fields=["event", "school", "person"], name="participant_unique")]
        indexes = [models.Index(fields=["school", "event"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.school})"

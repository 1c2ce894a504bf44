"""The demo: both seed municipalities get events tied to their items, schedules with breaches and observations;
a second load_demo changes nothing."""
import pytest
from django.core.management import call_command

from monitoring.procedures.models import HistoryEntry, Observation, Participant, ProfessionalEvent, Schedule
from roadmaps.models import RoadmapItem
from schools.models import School

pytestmark = pytest.mark.django_db


def _snapshot():
    return (Schedule.objects.count(), Participant.objects.count(), Observation.objects.count(),
            ProfessionalEvent.objects.count(), HistoryEntry.objects.count(),
            sorted(Schedule.objects.values_list("pk", "breach_count")))


def test_demo_is_tied_to_the_items_and_idempotent(django_user_model):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = _snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert _snapshot() == first

    item4 = RoadmapItem.objects.get(roadmap__municipality__short_name="Новокузнецк", number="4")
    courses = item4.professional_events.get()
    schools = School.objects.filter(municipality__short_name="Новокузнецк", is_active=True)
    took_part = set(courses.participants.values_list("school__short_name", flat=True))
    missing = set(schools.values_list("short_name", flat=True)) - took_part
    assert missing == {"МБОУ «ООШ № 33»", "МБОУ «Лицей № 76»", "МБОУ «ООШ № 18»"}
    assert courses.organizer.short_name == "МАОУ ДПО ИПК"
    assert courses.participants.exclude(certificate="").exists()

    head_schedule = Schedule.objects.get(school__short_name="МБОУ «СОШ № 5»", school__municipality__short_name="Новокузнецк")
    assert 2 <= head_schedule.breach_count <= 4
    assert Schedule.objects.filter(school__municipality__short_name="Гурьевский МО", breach_count__gt=0).exists()
    assert Schedule.objects.filter(breach_count=0).exists()
    with_findings = Observation.objects.exclude(findings="")
    assert with_findings.count() == 2 and all(o.task_id for o in with_findings)
    assert ProfessionalEvent.objects.filter(municipality__short_name="Гурьевский МО").count() == 3

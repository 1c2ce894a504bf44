"""The procedures' history goes through monitoring.procedures.events, with core evidence like the other histories:
an observation's protocol and a material's file or link are its entries' evidence; the migration carries the
evidence of older entries over."""
import importlib
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from monitoring.procedures.choices import EventKind
from monitoring.procedures.models import HistoryEntry
from monitoring.procedures.services import event_save, observation_record
from monitoring.procedures.services.events import event_material_add

pytestmark = pytest.mark.django_db


def _observation(world, protocol=None):
    return observation_record(user=world.home.officer, school=world.home.school, day=date(2022, 10, 20),
                              procedure_text="Контрольная работа по математике, 5А", observers="Павловец О.М.",
                              protocol=protocol)


def test_an_observations_protocol_is_its_entrys_evidence_without_a_second_copy(client, world, pdf):
    observation = _observation(world, protocol=pdf())
    entry = HistoryEntry.objects.get(observation=observation, kind=HistoryEntry.Kind.OBSERVATION)
    assert entry.has_evidence and entry.evidence_file.name == observation.protocol.name
    assert (entry.evidence_name, entry.evidence_size, entry.evidence_content_type) == (
        "протокол.pdf", observation.file_size, "application/pdf")
    assert "Нарушений не выявлено." in entry.text
    client.force_login(world.home.officer)
    page = client.get(reverse("procedures:observation_detail", args=[observation.pk])).content.decode()
    href = reverse("procedures:observation_protocol", args=[observation.pk])
    assert f'Файл: <a href="{href}">протокол.pdf</a>' in page


def test_an_observation_without_a_protocol_has_no_evidence(world):
    entry = HistoryEntry.objects.get(observation=_observation(world))
    assert not entry.has_evidence and entry.evidence_download_url == ""


def test_a_materials_link_is_its_entrys_evidence(client, world):
    event = event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.SEMINAR,
                       title="Семинар", date_start=date(2022, 10, 3))
    event_material_add(event=event, user=world.home.officer, title="Запись", url="https://video.example.ru/1")
    entry = HistoryEntry.objects.get(event=event, kind=HistoryEntry.Kind.MATERIAL)
    assert entry.evidence_url == "https://video.example.ru/1" and not entry.evidence_file
    client.force_login(world.home.officer)
    page = client.get(reverse("procedures:event_detail", args=[event.pk])).content.decode()
    assert 'Ссылка: <a href="https://video.example.ru/1"' in page


def test_the_migration_carries_older_entries_evidence_over(world, pdf):
    observation = _observation(world, protocol=pdf())
    event = event_save(user=world.home.officer, municipality=world.home.municipality, kind=EventKind.SEMINAR,
                       title="Семинар", date_start=date(2022, 10, 3))
    event_material_add(event=event, user=world.home.officer, title="Запись", url="https://video.example.ru/1")
    HistoryEntry.objects.update(evidence_file="", evidence_name="", evidence_size=None, evidence_content_type="",
                                evidence_url="")  # as the rows stood before 0002
    migration = importlib.import_module("monitoring.procedures.migrations.0002_history_evidence")
    migration.carry_over(apps, None)
    entry = HistoryEntry.objects.get(observation=observation, kind=HistoryEntry.Kind.OBSERVATION)
    assert entry.evidence_file.name == observation.protocol.name and entry.evidence_name == "протокол.pdf"
    assert HistoryEntry.objects.get(kind=HistoryEntry.Kind.MATERIAL).evidence_url == "https://video.example.ru/1"
    assert not HistoryEntry.objects.get(kind=HistoryEntry.Kind.EVENT_SAVED).has_evidence

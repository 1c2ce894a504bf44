"""The procedures' history carries evidence like the other histories (core.evidence).

Entries recorded before: an observation's entry names the observation's protocol, a material's entry the
material's file or link (the material of that event with that title, as the entry's text says).
"""
import core.evidence
from django.db import migrations, models


def carry_over(apps, schema_editor):
    HistoryEntry = apps.get_model("procedures", "HistoryEntry")
    Observation = apps.get_model("procedures", "Observation")
    EventMaterial = apps.get_model("procedures", "EventMaterial")
    for entry in HistoryEntry.objects.filter(kind="observation", observation__isnull=False).exclude(
            observation__protocol=""):
        source = Observation.objects.get(pk=entry.observation_id)
        _refer(entry, source.protocol.name, source, "")
    for entry in HistoryEntry.objects.filter(kind="material", event__isnull=False):
        source = EventMaterial.objects.filter(event_id=entry.event_id, title=entry.text).order_by("pk").first()
        if source is not None:
            _refer(entry, source.file.name if source.file else "", source, source.url)


def _refer(entry, stored_name: str, source, url: str) -> None:
    entry.evidence_url = url or ""
    if stored_name:
        entry.evidence_file = stored_name
        entry.evidence_name, entry.evidence_size = source.file_name, source.file_size
        entry.evidence_content_type = source.file_content_type
    entry.save(update_fields=["evidence_file", "evidence_name", "evidence_size", "evidence_content_type",
                              "evidence_url"])


class Migration(migrations.Migration):

    dependencies = [
        ("procedures", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historyentry",
            name="evidence_content_type",
            field=models.CharField(blank=True, max_length=100, verbose_name="тип файла"),
        ),
        migrations.AddField(
            model_name="historyentry",
            name="evidence_file",
            field=models.FileField(blank=True, upload_to=core.evidence.GeneratedName("procedure-evidence"),
                                   verbose_name="файл-подтверждение"),
        ),
        migrations.AddField(
            model_name="historyentry",
            name="evidence_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="имя файла"),
        ),
        migrations.AddField(
            model_name="historyentry",
            name="evidence_size",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="размер файла"),
        ),
        migrations.AddField(
            model_name="historyentry",
            name="evidence_url",
            field=models.URLField(blank=True, max_length=1000, verbose_name="ссылка-подтверждение"),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]

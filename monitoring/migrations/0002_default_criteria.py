"""The default checklist of a website check (issue «Website checks»); administrators edit it in the admin."""

from django.db import migrations

from monitoring.criteria import DEFAULT_CRITERIA


def create_defaults(apps, schema_editor):
    CheckCriterion = apps.get_model("monitoring", "CheckCriterion")
    for position, (code, title, short_title, description) in enumerate(DEFAULT_CRITERIA, start=1):
        CheckCriterion.objects.get_or_create(
            campaign=None,
            code=code,
            defaults={"title": title, "short_title": short_title, "description": description, "position": position},
        )


def remove_defaults(apps, schema_editor):
    CheckCriterion = apps.get_model("monitoring", "CheckCriterion")
    CheckCriterion.objects.filter(campaign=None, code__in=[row[0] for row in DEFAULT_CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, remove_defaults)]

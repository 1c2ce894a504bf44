"""Regional organisations (the ministry, the institute) belong to their region.

Existing data is carried over: a regional organisation (no municipality) of kind «ministry» or «institute» goes to
the portal's region when it has exactly one (the demo's Кузбасс, 42), else to region 42 when it exists (the orders
the portal was born from are Кузбасс's). Others (federal bodies, organisations of unknown level) keep no region:
everyone reads them, as before.
"""
import django.db.models.deletion
from django.db import migrations, models


def attach_regional_organizations(apps, schema_editor):
    Organization = apps.get_model("schools", "Organization")
    Region = apps.get_model("schools", "Region")
    region = Region.objects.first() if Region.objects.count() == 1 else Region.objects.filter(code="42").first()
    if region is not None:
        Organization.objects.filter(municipality__isnull=True, region__isnull=True,
                                    kind__in=["ministry", "institute"]).update(region=region)


class Migration(migrations.Migration):

    dependencies = [
        ("schools", "0006_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="region",
            field=models.ForeignKey(
                blank=True, help_text="Для региональной организации (муниципалитет пуст): её регион, например "
                                      "министерство образования.",
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="organizations",
                to="schools.region", verbose_name="регион"),
        ),
        migrations.RunPython(attach_regional_organizations, migrations.RunPython.noop),
    ]

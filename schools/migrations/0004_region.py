"""The region level: every municipality in a region, regional specialists scoped to one.

Existing data is carried over: when there are municipalities, the region below is created and every
municipality (and every regional specialist) is attached to it.
"""
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

DEFAULT_REGION = {"code": "42", "name": "Кемеровская область — Кузбасс"}


def attach_to_default_region(apps, schema_editor):
    Region = apps.get_model("schools", "Region")
    Municipality = apps.get_model("schools", "Municipality")
    UserProfile = apps.get_model("schools", "UserProfile")
    if not Municipality.objects.exists() and not UserProfile.objects.filter(role="regional").exists():
        return
    region, _ = Region.objects.get_or_create(code=DEFAULT_REGION["code"], defaults={"name": DEFAULT_REGION["name"]})
    Municipality.objects.filter(region__isnull=True).update(region=region)
    UserProfile.objects.filter(role="regional", region__isnull=True).update(region=region)


class Migration(migrations.Migration):

    dependencies = [
        ("schools", "0003_local_act_kinds"),
    ]

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=255, unique=True, verbose_name="название")),
                ("code", models.CharField(
                    help_text="Двузначный код субъекта Российской Федерации (42 — Кузбасс).", max_length=2, unique=True,
                    validators=[django.core.validators.RegexValidator("^\\d{2}$", "Код субъекта — две цифры, например 42.")],
                    verbose_name="код субъекта")),
            ],
            options={"verbose_name": "регион", "verbose_name_plural": "регионы", "ordering": ["code"]},
        ),
        migrations.AddField(
            model_name="municipality",
            name="region",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="municipalities", to="schools.region", verbose_name="регион"),
        ),
        migrations.AddField(
            model_name="userprofile",
            name="region",
            field=models.ForeignKey(blank=True, help_text="Для специалиста регионального уровня.", null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="profiles",
                                    to="schools.region", verbose_name="регион"),
        ),
        migrations.AlterField(
            model_name="userprofile",
            name="role",
            field=models.CharField(choices=[
                ("admin", "Администратор"), ("federal", "Специалист федерального уровня"),
                ("regional", "Специалист регионального уровня"),
                ("municipal", "Специалист муниципального органа управления образованием"),
                ("school_head", "Руководитель ОО")], max_length=20, verbose_name="роль"),
        ),
        migrations.RunPython(attach_to_default_region, migrations.RunPython.noop),
    ]

"""The two kinds of local act every roadmap names; administrators add others in the back office."""
from django.db import migrations

KINDS = [
    ("vsoko", "Положение о ВСОКО", "", 10),
    ("tek_kontrol",
     "Положение о формах, периодичности и порядке текущего контроля успеваемости "
     "и промежуточной аттестации обучающихся",
     "tekKontrolDocLink", 20),
]


def create_kinds(apps, schema_editor):
    LocalActKind = apps.get_model("schools", "LocalActKind")
    for code, name, itemprop, ordering in KINDS:
        LocalActKind.objects.get_or_create(code=code, defaults={"name": name, "itemprop": itemprop, "ordering": ordering})


def remove_unused_kinds(apps, schema_editor):
    LocalActKind = apps.get_model("schools", "LocalActKind")
    LocalActKind.objects.filter(code__in=[k[0] for k in KINDS], acts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_local_acts")]

    operations = [migrations.RunPython(create_kinds, remove_unused_kinds)]

"""Every municipality is in a region; a regional specialist has one (a separate step from 0004: PostgreSQL
refuses to alter a table in the transaction that has just updated its rows)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("schools", "0004_region"),
    ]

    operations = [
        migrations.AlterField(
            model_name="municipality",
            name="region",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="municipalities",
                                    to="schools.region", verbose_name="регион"),
        ),
        migrations.AddConstraint(
            model_name="userprofile",
            constraint=models.CheckConstraint(condition=models.Q(("role", "regional"), _negated=True)
                                              | models.Q(("region__isnull", False)),
                                              name="profile_regional_has_region"),
        ),
    ]

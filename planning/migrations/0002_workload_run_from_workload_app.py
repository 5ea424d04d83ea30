"""TransferPlan.workload_run points at the run in the workload app (issue 15, point 4).

State only: the run's table did not move (workload 0001), so the column and its foreign key constraint
stay as they are; letting Django alter the field would drop and re-create the constraint for nothing
(and rebuild the whole table on SQLite).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("workload", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="transferplan",
                    name="workload_run",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="workload.workloadrun",
                        verbose_name="analisis beban kerja",
                    ),
                ),
            ],
        ),
    ]

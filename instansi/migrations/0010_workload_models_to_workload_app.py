"""The workload models leave instansi's migration state (issue 15, point 4).

State only: their tables and rows stay; workload 0001 took the models over (same tables) and planning
0002 moved the transfer plan's foreign key first, so no state ever points at a model that is gone.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("instansi", "0009_employee_agency_count_index"),
        ("workload", "0001_initial"),
        ("planning", "0002_workload_run_from_workload_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="HistoricalWorkloadTask"),
                migrations.DeleteModel(name="WorkloadResult"),
                migrations.DeleteModel(name="WorkloadRun"),
                migrations.DeleteModel(name="WorkloadTask"),
            ],
        ),
    ]

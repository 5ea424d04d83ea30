"""The workload models, taken over from instansi without touching their tables (issue 15, point 4).

State only: the tables, their rows, indexes, constraints and sequences stay as they are (instansi
0001-0006 built them; the models keep their table and index names, see workload/models.py);
instansi 0010 drops the models from instansi's state and planning 0002 points the transfer plan's run
at this app. The content types are relabelled instansi -> workload, so the permissions granted to HR's
groups, the admin log and the audit trail (AuditEvent.target_type) keep pointing at the same rows.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("workloadtask", "historicalworkloadtask", "workloadrun", "workloadresult")


def _relabel(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        old = rows.filter(app_label=source, model=model).first()
        if old is None:  # a new database: post_migrate creates the rows under the right label later
            continue
        # A row under the target label can only be an empty one that post_migrate made while the code
        # was ahead of the database; the old row carries the granted permissions and the log entries.
        rows.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def content_types_forward(apps, schema_editor):
    _relabel(apps, schema_editor, "instansi", "workload")


def content_types_backward(apps, schema_editor):
    _relabel(apps, schema_editor, "workload", "instansi")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("instansi", "0009_employee_agency_count_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalWorkloadTask",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(blank=True, editable=False, verbose_name="dibuat"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(blank=True, editable=False, verbose_name="diubah"),
                        ),
                        ("description", models.CharField(max_length=300, verbose_name="uraian tugas")),
                        ("output_unit", models.CharField(max_length=60, verbose_name="satuan hasil")),
                        (
                            "annual_volume",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="beban kerja setahun",
                            ),
                        ),
                        (
                            "standard_minutes",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=10,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="norma waktu (menit)",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "position",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="instansi.position",
                                verbose_name="jabatan",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical uraian tugas (ABK)",
                        "verbose_name_plural": "historical uraian tugas (ABK)",
                        "db_table": "instansi_historicalworkloadtask",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="WorkloadRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Menunggu"),
                                    ("running", "Berjalan"),
                                    ("finished", "Selesai"),
                                    ("failed", "Gagal"),
                                ],
                                default="pending",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="dibuat"),
                        ),
                        ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="mulai")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="selesai")),
                        (
                            "agencies_total",
                            models.PositiveIntegerField(default=0, verbose_name="jumlah perangkat daerah"),
                        ),
                        (
                            "agencies_done",
                            models.PositiveIntegerField(default=0, verbose_name="perangkat daerah selesai"),
                        ),
                        (
                            "agency_ids",
                            models.JSONField(
                                blank=True, default=list, verbose_name="perangkat daerah yang dianalisis"
                            ),
                        ),
                        ("error", models.TextField(blank=True, verbose_name="galat")),
                        (
                            "policy_snapshot",
                            models.JSONField(
                                blank=True, default=dict, verbose_name="kebijakan saat analisis"
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="instansi.region",
                                verbose_name="pemerintah daerah",
                            ),
                        ),
                        (
                            "triggered_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="dimulai oleh",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "analisis beban kerja",
                        "verbose_name_plural": "analisis beban kerja",
                        "db_table": "instansi_workloadrun",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="WorkloadResult",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("position", "Jabatan"),
                                    ("unit", "Unit kerja"),
                                    ("agency", "Perangkat daerah"),
                                ],
                                max_length=10,
                                verbose_name="tingkat",
                            ),
                        ),
                        ("analysed", models.BooleanField(default=True, verbose_name="dianalisis")),
                        (
                            "workload_hours",
                            models.DecimalField(
                                decimal_places=2, default=0, max_digits=16, verbose_name="beban kerja (jam)"
                            ),
                        ),
                        (
                            "required_exact",
                            models.DecimalField(
                                blank=True,
                                decimal_places=3,
                                max_digits=12,
                                null=True,
                                verbose_name="kebutuhan (pecahan)",
                            ),
                        ),
                        (
                            "required",
                            models.IntegerField(blank=True, null=True, verbose_name="kebutuhan pegawai"),
                        ),
                        ("current", models.IntegerField(default=0, verbose_name="pegawai saat ini")),
                        ("gap", models.IntegerField(blank=True, null=True, verbose_name="selisih (+/-)")),
                        (
                            "ej",
                            models.DecimalField(
                                blank=True, decimal_places=3, max_digits=8, null=True, verbose_name="EJ"
                            ),
                        ),
                        (
                            "pj",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("A", "A (sangat baik)"),
                                    ("B", "B (baik)"),
                                    ("C", "C (cukup)"),
                                    ("D", "D (sedang)"),
                                    ("E", "E (kurang)"),
                                ],
                                max_length=1,
                                verbose_name="PJ",
                            ),
                        ),
                        ("shortage", models.IntegerField(default=0, verbose_name="kekurangan")),
                        ("surplus", models.IntegerField(default=0, verbose_name="kelebihan")),
                        (
                            "not_analysed",
                            models.IntegerField(default=0, verbose_name="jabatan belum dianalisis"),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="instansi.agency",
                                verbose_name="perangkat daerah",
                            ),
                        ),
                        (
                            "position",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="instansi.position",
                                verbose_name="jabatan",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="instansi.unit",
                                verbose_name="unit kerja",
                            ),
                        ),
                        (
                            "run",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="results",
                                to="workload.workloadrun",
                                verbose_name="analisis",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "hasil analisis beban kerja",
                        "verbose_name_plural": "hasil analisis beban kerja",
                        "db_table": "instansi_workloadresult",
                    },
                ),
                migrations.CreateModel(
                    name="WorkloadTask",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="dibuat")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="diubah")),
                        ("description", models.CharField(max_length=300, verbose_name="uraian tugas")),
                        ("output_unit", models.CharField(max_length=60, verbose_name="satuan hasil")),
                        (
                            "annual_volume",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="beban kerja setahun",
                            ),
                        ),
                        (
                            "standard_minutes",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=10,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="norma waktu (menit)",
                            ),
                        ),
                        (
                            "position",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="workload_tasks",
                                to="instansi.position",
                                verbose_name="jabatan",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "uraian tugas (ABK)",
                        "verbose_name_plural": "uraian tugas (ABK)",
                        "db_table": "instansi_workloadtask",
                        "ordering": ["position", "id"],
                    },
                ),
                migrations.AddIndex(
                    model_name="workloadrun",
                    index=models.Index(
                        fields=["region", "status", "-id"], name="instansi_wo_region__37e142_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="workloadresult",
                    index=models.Index(fields=["run", "agency"], name="workloadresult_run_agency"),
                ),
                migrations.AddConstraint(
                    model_name="workloadresult",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("workload_hours__gte", 0)), name="workload_hours_not_negative"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="workloadresult",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("level", "agency")),
                        fields=("run", "agency"),
                        name="one_agency_row_per_run",
                    ),
                ),
                migrations.AddIndex(
                    model_name="workloadtask",
                    index=models.Index(
                        fields=["position"],
                        include=("annual_volume", "standard_minutes"),
                        name="workloadtask_norms",
                    ),
                ),
            ],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]

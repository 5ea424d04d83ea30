"""ImportRecord.pending (cleared record by record as batches applied them) becomes `to_apply` (set by
the preview, never changed) and the run's `applied_through` mark (the last record applied). For runs
already started the mark is put before the first record still pending (after the last record when none
is), and the records before it that were to apply get `to_apply` back, by the preview's own rule:
new, changed, or unchanged with histories read (siasn.services.imports._classify)."""

from django.db import migrations, models
from django.db.models import Max, Min, Q


def to_mark(apps, schema_editor):
    ImportRun = apps.get_model("siasn", "ImportRun")
    ImportRecord = apps.get_model("siasn", "ImportRecord")
    for run in ImportRun.objects.filter(status__in=("previewed", "applying", "done")).iterator():
        records = ImportRecord.objects.filter(run_id=run.pk)
        first_pending = records.filter(to_apply=True).aggregate(n=Min("id"))["n"]
        mark = first_pending - 1 if first_pending else (records.aggregate(n=Max("id"))["n"] or 0)
        if not mark:
            continue
        records.filter(id__lte=mark).filter(
            Q(outcome__in=("new", "changed")) | Q(outcome="unchanged", data__has_key="histories")
        ).update(to_apply=True)
        ImportRun.objects.filter(pk=run.pk).update(applied_through=mark)


def to_flags(apps, schema_editor):
    ImportRun = apps.get_model("siasn", "ImportRun")
    ImportRecord = apps.get_model("siasn", "ImportRecord")
    for run in ImportRun.objects.exclude(applied_through=0).iterator():
        ImportRecord.objects.filter(run_id=run.pk, id__lte=run.applied_through).update(to_apply=False)


class Migration(migrations.Migration):

    dependencies = [
        ("siasn", "0004_skp_predicate_mapping"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="importrecord", name="siasn_record_pending"),
        migrations.RenameField(model_name="importrecord", old_name="pending", new_name="to_apply"),
        migrations.AlterField(
            model_name="importrecord",
            name="to_apply",
            field=models.BooleanField(default=False, verbose_name="untuk diterapkan"),
        ),
        migrations.AddField(
            model_name="importrun",
            name="applied_through",
            field=models.BigIntegerField(default=0, verbose_name="diterapkan sampai baris"),
        ),
        migrations.RunPython(to_mark, to_flags),
        migrations.AddIndex(
            model_name="importrecord",
            index=models.Index(
                condition=models.Q(to_apply=True), fields=["run", "id"], name="siasn_record_to_apply"
            ),
        ),
    ]

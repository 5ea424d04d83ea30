"""Issue 21: the chains of rotation, between_agencies and outgoing start with the employee's own stage
(consultation) when the employee did not initiate the request. Added at order 0 of every existing chain
that lacks it, so no stage HR has edited is renumbered or changed; a chain that already has the stage
(HR added it) is left alone. Incoming moves have no employee stage (no local account yet)."""

from django.db import migrations

KINDS = ("rotation", "between_agencies", "outgoing")


def add_employee_stage(apps, schema_editor):
    ApprovalChain = apps.get_model("mutasi", "ApprovalChain")
    ChainStage = apps.get_model("mutasi", "ChainStage")
    for chain in ApprovalChain.objects.filter(kind__in=KINDS):
        if chain.stages.filter(stage="employee").exists():
            continue
        ChainStage.objects.create(chain=chain, order=0, stage="employee", condition="not_employee_initiated")


def remove_employee_stage(apps, schema_editor):
    ChainStage = apps.get_model("mutasi", "ChainStage")
    ChainStage.objects.filter(stage="employee", order=0, condition="not_employee_initiated").delete()


class Migration(migrations.Migration):
    dependencies = [("mutasi", "0009_decree_draft")]

    operations = [migrations.RunPython(add_employee_stage, remove_employee_stage)]

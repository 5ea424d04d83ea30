"""Seed the default approval chains of DESIGN.md section 4 (HR edits them later in the admin)."""

from django.db import migrations

# (stage, condition): * supervisor only when the employee initiated; ** performance team only when
# the destination is managerial (JPT, administrator, pengawas).
LOCAL_BETWEEN = [
    ("supervisor", "employee_initiated"),
    ("origin_head", "always"),
    ("destination_head", "always"),
    ("hr_verification", "always"),
    ("performance_team", "managerial_destination"),
    ("secretary", "always"),
    ("regional_head", "always"),
]
DEFAULT_CHAINS = {
    "rotation": [
        ("supervisor", "employee_initiated"),
        ("origin_head", "always"),
        ("hr_verification", "always"),
        ("performance_team", "managerial_destination"),
        ("regional_head", "always"),
    ],
    "between_agencies": LOCAL_BETWEEN,
    # Outgoing: only the releasing side is local; the receiving side is an external milestone.
    "outgoing": [
        ("supervisor", "employee_initiated"),
        ("origin_head", "always"),
        ("hr_verification", "always"),
        ("secretary", "always"),
        ("regional_head", "always"),
    ],
    # Incoming: only the receiving side is local; the release is the other PPK's letter (milestone).
    "incoming": [
        ("destination_head", "always"),
        ("hr_verification", "always"),
        ("performance_team", "managerial_destination"),
        ("secretary", "always"),
        ("regional_head", "always"),
    ],
}
NOTES = {
    "outgoing": "Ditambah tahapan eksternal yang dicatat BKPSDM: pertimbangan teknis BKN, surat PPK penerima.",
    "incoming": "Ditambah tahapan eksternal yang dicatat BKPSDM: pertimbangan teknis BKN, surat PPK asal.",
}


def seed(apps, schema_editor):
    ApprovalChain = apps.get_model("mutasi", "ApprovalChain")
    ChainStage = apps.get_model("mutasi", "ChainStage")
    for kind, stages in DEFAULT_CHAINS.items():
        chain, created = ApprovalChain.objects.get_or_create(kind=kind, defaults={"note": NOTES.get(kind, "")})
        if not created:
            continue
        ChainStage.objects.bulk_create(
            ChainStage(chain=chain, order=i, stage=stage, condition=cond) for i, (stage, cond) in enumerate(stages, 1)
        )


def unseed(apps, schema_editor):
    apps.get_model("mutasi", "ApprovalChain").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mutasi", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

"""Issue 21: `Employee.preferred_agencies` is gone; its rows live on as mutasi.PlacementPreference
wishes (mutasi 0008 copies them first, hence the dependency on a later app)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("instansi", "0014_policy_min_talent_box"),
        ("mutasi", "0011_preferred_agencies_to_wishes"),
    ]

    operations = [migrations.RemoveField(model_name="employee", name="preferred_agencies")]

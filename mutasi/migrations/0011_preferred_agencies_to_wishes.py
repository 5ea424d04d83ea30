"""Issue 21: one home for an employee's preferences. The old single-kind `Employee.preferred_agencies`
(agencies the employee would like to work in) becomes PlacementPreference wish rows naming an agency,
with no end date; instansi 0014 then removes the field."""

from django.db import migrations


def _agency_wishes(PlacementPreference) -> set[tuple[int, int]]:
    return set(
        PlacementPreference.objects.filter(kind="wish", agency__isnull=False).values_list(
            "employee_id", "agency_id"
        )
    )


def forwards(apps, schema_editor):
    Employee = apps.get_model("instansi", "Employee")
    PlacementPreference = apps.get_model("mutasi", "PlacementPreference")
    through = Employee.preferred_agencies.through
    existing = _agency_wishes(PlacementPreference)
    rows = [
        PlacementPreference(
            employee_id=emp, kind="wish", agency_id=agency, note="Preferensi perangkat daerah (data lama)"
        )
        for emp, agency in through.objects.order_by("pk").values_list("employee_id", "agency_id")
        if (emp, agency) not in existing
    ]
    PlacementPreference.objects.bulk_create(rows, batch_size=1000)


def backwards(apps, schema_editor):
    """Agency wishes go back into the re-added field; the wish rows stay (nothing is lost)."""
    Employee = apps.get_model("instansi", "Employee")
    PlacementPreference = apps.get_model("mutasi", "PlacementPreference")
    through = Employee.preferred_agencies.through
    pairs = _agency_wishes(PlacementPreference)
    through.objects.bulk_create(
        [through(employee_id=emp, agency_id=agency) for emp, agency in sorted(pairs)],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("instansi", "0014_policy_min_talent_box"),
        ("mutasi", "0010_employee_stage"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

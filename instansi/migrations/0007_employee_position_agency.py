"""Employee.position_agency: the agency of the employee's post, kept by the database.

Triggers, not Python, keep it right, so that no write path can forget it (the admin, imports, bulk
seeds, `QuerySet.update`, raw SQL, a transfer being executed):
- an employee row inserted, or written with `position_id` (or `position_agency_id`) in its SET list,
  takes the agency of its post (NULL without a post); a value written by the caller is overwritten;
- a post moved to another agency carries its holders along.
A deleted post sets its holders' `position_id` to NULL (SET_NULL), which the first rule turns into a
NULL agency. tests/instansi/test_employee_position_agency.py holds the rules on both databases.
"""

from django.db import migrations, models

POSTGRESQL_FORWARD = [
    """
CREATE OR REPLACE FUNCTION instansi_employee_position_agency() RETURNS trigger AS $$
BEGIN
    NEW.position_agency_id := (SELECT p.agency_id FROM instansi_position p WHERE p.id = NEW.position_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS instansi_employee_position_agency ON instansi_employee",
    """
CREATE TRIGGER instansi_employee_position_agency
    BEFORE INSERT OR UPDATE OF position_id, position_agency_id ON instansi_employee
    FOR EACH ROW EXECUTE FUNCTION instansi_employee_position_agency()
""",
    """
CREATE OR REPLACE FUNCTION instansi_position_agency_to_holders() RETURNS trigger AS $$
BEGIN
    UPDATE instansi_employee SET position_agency_id = NEW.agency_id WHERE position_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS instansi_position_agency_to_holders ON instansi_position",
    """
CREATE TRIGGER instansi_position_agency_to_holders
    AFTER UPDATE OF agency_id ON instansi_position
    FOR EACH ROW WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id)
    EXECUTE FUNCTION instansi_position_agency_to_holders()
""",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS instansi_position_agency_to_holders ON instansi_position",
    "DROP FUNCTION IF EXISTS instansi_position_agency_to_holders()",
    "DROP TRIGGER IF EXISTS instansi_employee_position_agency ON instansi_employee",
    "DROP FUNCTION IF EXISTS instansi_employee_position_agency()",
]
# SQLite cannot assign NEW in a BEFORE trigger: the row is corrected right after the write instead
# (recursive triggers are off in SQLite, so the correcting UPDATE does not fire its own trigger again).
_SQLITE_FIX = (
    "UPDATE instansi_employee SET position_agency_id = "
    "(SELECT p.agency_id FROM instansi_position p WHERE p.id = NEW.position_id) WHERE id = NEW.id;"
)
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS instansi_employee_position_agency_insert",
    f"CREATE TRIGGER instansi_employee_position_agency_insert AFTER INSERT ON instansi_employee "
    f"BEGIN {_SQLITE_FIX} END",
    "DROP TRIGGER IF EXISTS instansi_employee_position_agency_update",
    f"CREATE TRIGGER instansi_employee_position_agency_update "
    f"AFTER UPDATE OF position_id, position_agency_id ON instansi_employee BEGIN {_SQLITE_FIX} END",
    "DROP TRIGGER IF EXISTS instansi_position_agency_to_holders",
    "CREATE TRIGGER instansi_position_agency_to_holders AFTER UPDATE OF agency_id ON instansi_position "
    "WHEN OLD.agency_id IS NOT NEW.agency_id "
    "BEGIN UPDATE instansi_employee SET position_agency_id = NEW.agency_id WHERE position_id = NEW.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS instansi_position_agency_to_holders",
    "DROP TRIGGER IF EXISTS instansi_employee_position_agency_update",
    "DROP TRIGGER IF EXISTS instansi_employee_position_agency_insert",
]
BACKFILL = (
    "UPDATE instansi_employee SET position_agency_id = "
    "(SELECT p.agency_id FROM instansi_position p WHERE p.id = instansi_employee.position_id)"
)


def _run(schema_editor, statements) -> None:
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise RuntimeError(f"Employee.position_agency needs triggers written for {vendor}")
    _run(schema_editor, [BACKFILL, *(POSTGRESQL_FORWARD if vendor == "postgresql" else SQLITE_FORWARD)])


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRESQL_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("instansi", "0006_workloadresult_index_run_agency")]

    operations = [
        migrations.AddField(
            model_name="employee",
            name="position_agency",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=models.DO_NOTHING,
                related_name="+",
                to="instansi.agency",
                verbose_name="perangkat daerah jabatan",
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["position_agency", "name", "nip"], name="employee_agency_name"),
        ),
    ]

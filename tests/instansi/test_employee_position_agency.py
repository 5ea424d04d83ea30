"""Employee.position_agency is the agency of the employee's post, whatever path writes the row.

The database keeps it (triggers, instansi migration 0007); the employee list filters, counts and
sorts on it. The same rules run here on the test database (PostgreSQL in CI) and, in a subprocess, on
a freshly migrated SQLite file: the embedded mode of `make run`, where a later migration that rebuilt
the table would silently drop the triggers.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from instansi.models import Employee, Position
from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _agency_of(employee: Employee):
    return Employee.objects.values_list("position_agency_id", flat=True).get(pk=employee.pk)


def rules_hold() -> None:
    """Every write path leaves position_agency equal to the post's agency (or NULL without a post)."""
    first, second = AgencyFactory(), AgencyFactory()
    post_a = PositionFactory(agency=first)
    post_b = PositionFactory(agency=second)

    employee = EmployeeFactory(position=post_a)  # insert
    assert _agency_of(employee) == first.pk

    employee.position = post_b  # a full save() by the admin or a service
    employee.save()
    assert _agency_of(employee) == second.pk

    employee.position = post_a  # save(update_fields=...) as a transfer's execution does
    employee.save(update_fields=["position"])
    assert _agency_of(employee) == first.pk

    # A full save() of an object read before the move still writes the right agency.
    stale = Employee.objects.get(pk=employee.pk)
    Employee.objects.filter(pk=employee.pk).update(position=post_b)  # QuerySet.update
    assert _agency_of(employee) == second.pk
    stale.position = post_a
    stale.save()
    assert _agency_of(employee) == first.pk

    # Nobody can write another agency into the column.
    Employee.objects.filter(pk=employee.pk).update(position_agency_id=second.pk)
    assert _agency_of(employee) == first.pk

    # Writes that leave the post alone leave the agency alone.
    Employee.objects.filter(pk=employee.pk).update(name="Nama Baru")
    assert _agency_of(employee) == first.pk

    # bulk_create (imports, seeds).
    made = Employee.objects.bulk_create(
        [EmployeeFactory.build(position=post_b, nip=f"19900101201501100{i}") for i in range(3)]
    )
    assert set(
        Employee.objects.filter(nip__in=[e.nip for e in made]).values_list("position_agency_id", flat=True)
    ) == {second.pk}

    # A post moved to another agency carries its holders; other posts' holders stay.
    bystander = EmployeeFactory(position=post_b)
    Position.objects.filter(pk=post_a.pk).update(agency=second)
    assert _agency_of(employee) == second.pk
    post_a.refresh_from_db()
    post_a.agency = first
    post_a.save()
    assert _agency_of(employee) == first.pk
    assert _agency_of(bystander) == second.pk

    # No post, or a deleted post (SET_NULL): no agency.
    homeless = EmployeeFactory(position=None)
    assert _agency_of(homeless) is None
    post_a.delete()
    assert _agency_of(employee) is None


@pytest.mark.django_db
def test_position_agency_follows_every_write_path():
    rules_hold()


@pytest.mark.django_db
def test_the_employee_list_filters_and_counts_by_it(api_client):
    dinkes, other = AgencyFactory(), AgencyFactory()
    posts = [PositionFactory(agency=dinkes) for _ in range(3)]
    for i, post in enumerate(posts * 2):
        EmployeeFactory(position=post, name=f"Pegawai {i:02d}")
    moved = EmployeeFactory(position=PositionFactory(agency=other), name="Pegawai Pindahan")
    api_client.force_authenticate(UserFactory())

    body = api_client.get(f"/api/v1/employees/?agency={dinkes.pk}").json()
    assert body["count"] == 6
    assert "Pegawai Pindahan" not in [row["name"] for row in body["results"]]

    moved.position = posts[1]
    moved.save(update_fields=["position"])
    body = api_client.get(f"/api/v1/employees/?agency={dinkes.pk}").json()
    assert body["count"] == 7
    names = [row["name"] for row in body["results"]]
    assert "Pegawai Pindahan" in names
    assert names == sorted(names)
    assert api_client.get(f"/api/v1/employees/?agency={other.pk}").json()["count"] == 0


@pytest.mark.django_db
def test_the_rules_hold_on_a_freshly_migrated_sqlite_database(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    check = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from tests.instansi.test_employee_position_agency import rules_hold; rules_hold(); print('ok')",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0 and check.stdout.strip().endswith("ok"), check.stdout + check.stderr

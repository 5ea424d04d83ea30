"""`__any_of` (core.lookups): the rows `__in` selects, on primary keys, foreign keys and through a
relation, with an empty list, repeated ids and ids that match nothing."""

import pytest

from instansi.models import Employee
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_any_of_selects_what_in_selects():
    people = EmployeeFactory.create_batch(6)
    ids = [p.pk for p in people]
    positions = [p.position_id for p in people[:3]]
    agency = people[0].position.agency_id
    for chosen in ([], ids[:1], ids[1:4] + ids[1:2], [*ids, 10**12], [10**12]):
        expected = set(Employee.objects.filter(pk__in=chosen).values_list("pk", flat=True))
        assert set(Employee.objects.filter(pk__any_of=chosen).values_list("pk", flat=True)) == expected
    assert set(Employee.objects.filter(position_id__any_of=positions).values_list("pk", flat=True)) == set(
        Employee.objects.filter(position_id__in=positions).values_list("pk", flat=True)
    )
    assert list(Employee.objects.filter(position__agency_id__any_of=[agency]).order_by("pk")) == list(
        Employee.objects.filter(position__agency_id__in=[agency]).order_by("pk")
    )


def test_on_postgresql_the_ids_go_as_one_array_parameter():
    """The reason the seam exists: one parameter, however many ids (on SQLite the plain `IN` list)."""
    from django.db import connection

    sql, params = Employee.objects.filter(pk__any_of=[3, 1, 2]).values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and [1, 2, 3] in params
    else:
        assert " IN (" in sql and params[-3:] == (1, 2, 3)

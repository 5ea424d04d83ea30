"""core.db.set_local: the settings hold inside the transaction, end with it, and a wrong name, a wrong
value or a call outside a transaction fails instead of silently setting nothing."""

import pytest
from django.db import connection, transaction

from core.db import set_local
from tests.conftest import requires_postgres

pytestmark = pytest.mark.django_db(transaction=True)


def _show(name: str) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SHOW {name}")
        return cur.fetchone()[0]


@requires_postgres()
def test_the_settings_hold_in_the_transaction_and_end_with_it():
    before = (_show("jit"), _show("synchronous_commit"), _show("work_mem"))
    with transaction.atomic():
        set_local(jit=False, synchronous_commit=False, work_mem="64MB")
        assert (_show("jit"), _show("synchronous_commit"), _show("work_mem")) == ("off", "off", "64MB")
        with connection.cursor() as cur:
            set_local(cur, enable_nestloop=False)
        assert _show("enable_nestloop") == "off"
    assert (_show("jit"), _show("synchronous_commit"), _show("work_mem")) == before
    assert _show("enable_nestloop") == "on"


def test_a_wrong_name_value_or_place_fails():
    """The checks run before anything is sent, so they hold on every database."""
    with transaction.atomic():
        with pytest.raises(ValueError):
            set_local(jitt=False)
        with pytest.raises(ValueError):
            set_local(work_mem="64MB; DROP TABLE core_user")
        with pytest.raises(ValueError):
            set_local(jit="off")
    with pytest.raises(RuntimeError):
        set_local(jit=False)

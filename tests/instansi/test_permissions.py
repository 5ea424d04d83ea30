"""instansi.permissions: import and export of master data follow Django's model permissions; private
fields follow core.access.can_see_private, asked through this module."""

import pytest

from core import access
from instansi import permissions
from instansi.demo.builders import ensure_groups
from instansi.models import Agency, Employee
from tests.factories import UserFactory
from tests.instansi.test_api import build_org

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "group, imports, exports", [("hr", True, True), ("auditor", False, True), (None, False, False)]
)
def test_hr_imports_and_exports_master_data_the_auditor_only_exports(client, group, imports, exports):
    ensure_groups()
    user = UserFactory(username=f"staf-{group}", is_staff=True, groups=[group] if group else [])
    for model in (Agency, Employee):
        assert permissions.may_import(user, model) is imports
        assert permissions.may_export(user, model) is exports

    client.force_login(user)
    assert client.get("/admin/instansi/employee/import/").status_code == (200 if imports else 403)
    assert client.get("/admin/instansi/employee/export/").status_code == (200 if exports else 403)


def test_the_private_fields_checker_answers_like_the_rule_for_every_row():
    org = build_org()
    employees = list(Employee.objects.select_related("position").order_by("pk"))
    viewers = [org.hr, org.auditor, org.no_employee] + [
        e.user for e in (org.kadinkes, org.kadishub, org.atasan, org.pegawai)
    ]
    for viewer in viewers:
        check = permissions.private_fields_checker(viewer)
        assert [check(e) for e in employees] == [access.can_see_private(viewer, e) for e in employees]
    supervisor = permissions.private_fields_checker(org.atasan.user)
    assert supervisor(org.pegawai) and not supervisor(org.perawat)

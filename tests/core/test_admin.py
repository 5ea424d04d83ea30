"""Django admin for HR: changelists, the read-only audit trail, bounded queries, all-or-nothing import."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import audit
from core.models import AuditEvent
from instansi import demo
from instansi.models import Employee
from instansi.nip import make_nip
from tests.factories import EmployeeFactory, PositionFactory, UserFactory

CHANGELISTS = [
    "core_user",
    "core_auditevent",
    "core_notification",
    "instansi_region",
    "instansi_agency",
    "instansi_unit",
    "instansi_position",
    "instansi_employee",
    "instansi_placementhistory",
    "workload_workloadtask",
]


@pytest.fixture
def hr(db):
    demo.ensure_groups()
    user = UserFactory(username="bkpsdm", groups=["hr"])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def event(hr):
    return audit.record(actor=hr, action="instansi.test", target=hr, note="asli")


def test_hr_reaches_every_master_data_changelist_and_the_import_screen(client, hr):
    EmployeeFactory.create_batch(3)
    client.force_login(hr)

    for name in CHANGELISTS:
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
    assert client.get(reverse("admin:instansi_employee_import")).status_code == 200
    assert client.get(reverse("admin:instansi_employee_add")).status_code == 200


def test_a_staff_member_without_hr_permissions_cannot_import(client, db):
    demo.ensure_groups()
    auditor = UserFactory(username="auditor", groups=["auditor"])
    auditor.is_staff = True
    auditor.save()
    client.force_login(auditor)

    assert client.get(reverse("admin:instansi_employee_changelist")).status_code == 200
    assert client.get(reverse("admin:instansi_employee_import")).status_code == 403
    assert client.get(reverse("admin:instansi_employee_add")).status_code == 403


@pytest.mark.parametrize("who", ["superuser", "hr"])
def test_nobody_can_add_change_or_delete_an_audit_event_in_the_admin(client, event, who, request):
    client.force_login(request.getfixturevalue(who))
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    delete = reverse("admin:core_auditevent_delete", args=[event.pk])

    assert client.get(change).status_code == 200  # readable
    assert client.post(change, {"note": "diubah", "action": "x"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    bulk = client.post(
        reverse("admin:core_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.get(pk=event.pk).note == "asli"
    assert AuditEvent.objects.count() == 1


def changelist_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_employee_changelist_uses_the_same_number_of_queries_for_5_and_60_employees(
    client, hr, django_assert_num_queries
):
    client.force_login(hr)
    url = reverse("admin:instansi_employee_changelist")
    EmployeeFactory.create_batch(5)
    small = changelist_queries(client, url)

    EmployeeFactory.create_batch(55)
    with django_assert_num_queries(small):
        client.get(url)
    assert small <= 12


def csv_rows(rows) -> bytes:
    header = "nip,name,birth_date,gender,status,tmt_cpns,education_level,position,position_since"
    return ("\n".join([header, *rows]) + "\n").encode()


def test_an_admin_import_with_a_bad_row_shows_the_row_and_imports_nothing_then_a_good_file_imports(
    client, hr
):
    position = PositionFactory(code="DISHUB-0042")
    birth = dt.date(1990, 8, 17)
    good = make_nip(birth_date=birth, tmt=dt.date(2015, 3, 1), gender="P", seq=7)
    rows = [
        f"{good},Siti Aminah,1990-08-17,P,pns,2015-03-01,s1,DISHUB-0042,2021-01-04",
        f"{good[:-1]}8,Siti Lain,1990-08-17,L,pns,2015-03-01,s1,DISHUB-0042,2021-01-04",  # gender disagrees
    ]
    client.force_login(hr)
    url = reverse("admin:instansi_employee_import")

    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = client.post(
        url, {"format": "1", "import_file": SimpleUploadedFile("pegawai.csv", csv_rows(rows), "text/csv")}
    )
    assert refused.status_code == 200
    assert "confirm_form" not in refused.context or refused.context["confirm_form"] is None
    page = refused.content.decode()
    assert "Baris 3" in page and "NIP tidak sesuai dengan jenis kelamin" in page
    assert Employee.objects.count() == 0

    preview = client.post(
        url, {"format": "1", "import_file": SimpleUploadedFile("pegawai.csv", csv_rows(rows[:1]), "text/csv")}
    )
    confirm = preview.context["confirm_form"]
    done = client.post(reverse("admin:instansi_employee_process_import"), confirm.initial)

    assert done.status_code == 302
    employee = Employee.objects.get(nip=good)
    assert employee.position == position
    assert employee.history.count() == 1  # django-simple-history recorded the import
    event = AuditEvent.objects.get(action="instansi.import.employee")
    assert event.actor == hr and event.data["created"] == 1

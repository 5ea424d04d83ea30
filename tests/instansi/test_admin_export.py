"""The admin's export in HR's words (issue 18 point 1): the column picker names the Indonesian
headers, the file and the sheet are named for what they hold on the local date, choice cells carry
labels (and still import back), the employee list has an Indonesian column title."""

import io

import openpyxl
import pytest
from django.utils import timezone
from import_export.formats import base_formats

from instansi.admin import IndonesianExportForm
from instansi.resources import EmployeeResource
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_column_picker_names_the_indonesian_headers():
    form = IndonesianExportForm(formats=[base_formats.XLSX], resources=[EmployeeResource])
    labels = [str(f.label) for f in form.fields.values() if getattr(f, "is_selectable_field", False)]
    assert "Gelar Depan" in labels and "Tanggal Lahir" in labels and "Aktif" in labels
    assert not {"Front Title", "Birth Date", "Is Active", "Nip"} & set(labels)


def test_the_employee_export_is_named_in_indonesian_and_carries_labels(client):
    EmployeeFactory(status="pns", education_level="s1")
    client.force_login(UserFactory(username="hr-admin", is_staff=True, is_superuser=True))
    page = client.get("/admin/instansi/employee/")
    assert "nama lengkap" in page.content.decode().lower() and "FULL NAME" not in page.content.decode()
    response = client.post(
        "/admin/instansi/employee/export/",
        {"format": "0", "resource": "0", **{f"employeeresource_{n}": "on" for n in EmployeeResource.HEADERS}},
    )
    assert response.status_code == 200, response.content[:300]
    assert f'filename="pegawai-{timezone.localdate():%Y-%m-%d}.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["pegawai"]
    rows = list(book.active.iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    assert "Status Kepegawaian" in header
    assert first[header.index("Status Kepegawaian")] == "PNS"
    assert first[header.index("Jenjang Pendidikan")] not in ("s1", "", None)

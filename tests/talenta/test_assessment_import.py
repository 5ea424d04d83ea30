"""Assessment results from a spreadsheet (issue 20 point 2): preview, all or nothing, the region's
default validity, and the admin's import screen with its confirm step."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from talenta import demo
from talenta.models import Assessment
from talenta.services.assessments import assessments_import
from talenta.services.grid import rubric_in_force
from tests.factories import EmployeeFactory

HEADERS = [
    "NIP",
    "Tanggal Penilaian",
    "Skor Manajerial",
    "Skor Sosial Kultural",
    "Skor Teknis",
    "Asesor/Lembaga",
    "Berlaku Sampai",
]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def people(world):
    return [EmployeeFactory(position=world.staff_position) for _ in range(3)]


def test_a_good_sheet_imports_every_row_with_the_rubric_s_validity_where_the_cell_is_blank(world, people):
    rubric = rubric_in_force(region=world.region)
    rubric.assessment_validity_years = 2
    rubric.save()
    rows = [
        [
            people[0].nip,
            dt.date(2025, 2, 1),
            81.5,
            70,
            77.25,
            "UPT Penilaian Kompetensi",
            dt.date(2028, 2, 1),
        ],
        [people[1].nip, "01/03/2025", "65", "72", "68", "Assessment Center BKN", None],
    ]
    result = assessments_import(file=xlsx(rows), format="xlsx", actor=world.hr)
    assert result.ok and result.created == 2, result.errors
    first = Assessment.objects.get(employee=people[0])
    assert (first.managerial_score, first.technical_score, first.valid_until) == (
        Decimal("81.50"),
        Decimal("77.25"),
        dt.date(2028, 2, 1),
    )
    assert first.source == "import"
    assert Assessment.objects.get(employee=people[1]).valid_until == dt.date(2027, 3, 1)
    assert AuditEvent.objects.filter(action="instansi.import.assessment", actor=world.hr).count() == 1
    # The same file again updates its rows (matched by NIP and date), it does not add copies.
    again = assessments_import(file=xlsx(rows), format="xlsx", actor=world.hr)
    assert again.ok and again.updated == 2 and Assessment.objects.count() == 2


def test_the_preview_writes_nothing(world, people):
    rows = [[people[0].nip, dt.date(2025, 2, 1), 81, 70, 77, "UPT", None]]
    preview = assessments_import(file=xlsx(rows), format="xlsx", actor=world.hr, dry_run=True)
    assert preview.ok and preview.created == 1
    assert not Assessment.objects.exists()


def test_a_sheet_with_bad_rows_imports_nothing_and_names_each_bad_row(world, people):
    rows = [
        [people[0].nip, dt.date(2025, 2, 1), 81, 70, 77, "UPT", None],
        ["199001012015031999", dt.date(2025, 2, 1), 81, 70, 77, "UPT", None],  # nobody has this NIP
        [people[2].nip, dt.date(2025, 2, 1), 101, 70, 77, "UPT", None],  # above 100
        [people[1].nip, dt.date(2025, 2, 1), 80, 70, 77, "UPT", dt.date(2024, 1, 1)],  # valid before its date
    ]
    result = assessments_import(file=xlsx(rows), format="xlsx", actor=world.hr)
    assert not result.ok and not Assessment.objects.exists()
    text = {e.row: " ".join(e.messages) for e in result.errors}
    assert set(text) == {3, 4, 5}
    assert "tidak ditemukan" in text[3]
    assert "Skor Manajerial" in text[4]
    assert "sebelum tanggal penilaian" in text[5]


def test_only_hr_imports_assessments(world, people):
    with pytest.raises(PermissionDenied):
        assessments_import(file=xlsx([]), format="xlsx", actor=world.tpk)


def test_the_admin_shows_a_preview_and_imports_on_confirm(client, world, people):
    demo.ensure_group_permissions()
    world.hr.is_staff = True
    world.hr.save()
    client.force_login(world.hr)
    rows = [[people[0].nip, dt.date(2025, 2, 1), 81, 70, 77, "UPT Penilaian Kompetensi", None]]
    url = reverse("admin:talenta_assessment_import")
    preview = client.post(url, {"format": "0", "import_file": SimpleUploadedFile("nilai.xlsx", xlsx(rows))})
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert "UPT Penilaian Kompetensi" in preview.content.decode()
    assert not Assessment.objects.exists()
    done = client.post(reverse("admin:talenta_assessment_process_import"), confirm.initial)
    assert done.status_code == 302
    assert Assessment.objects.get(employee=people[0]).valid_until == dt.date(2028, 2, 1)


def test_the_auditor_reads_assessments_in_the_admin_but_cannot_import(client, world):
    demo.ensure_group_permissions()
    world.auditor.is_staff = True
    world.auditor.save()
    client.force_login(world.auditor)
    assert client.get(reverse("admin:talenta_assessment_changelist")).status_code == 200
    assert client.get(reverse("admin:talenta_assessment_import")).status_code == 403

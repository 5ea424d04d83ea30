"""Excel/CSV import of master data: all or nothing, every bad row named (issue 2, point 6)."""

import datetime as dt
import io

import openpyxl
import pytest

from core.models import AuditEvent
from instansi.imports import RowError, employees_import, master_data_import
from instansi.models import Agency, Employee, Position, Unit
from instansi.nip import make_nip
from instansi.resources import RESOURCES, EmployeeResource
from tests.factories import (
    AgencyFactory,
    PositionFactory,
    UnitFactory,
    UserFactory,
    WorkloadTaskFactory,
)
from workload.models import WorkloadTask

HEADERS = [
    "nip", "name", "front_title", "back_title", "birth_date", "gender", "status", "golongan", "tmt_cpns",
    "education_level", "education_field", "competencies", "position", "position_since", "phone", "email",
]  # fmt: skip


def employee_row(i: int, position_code: str) -> list:
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=i % 9000)
    gender = "L" if i % 2 else "P"
    tmt = dt.date(birth.year + 22, 3, 1)
    nip = make_nip(birth_date=birth, tmt=tmt, gender=gender, seq=i // 9000 + 1)
    return [
        nip, f"Pegawai Impor {i}", "", "S.E.", birth, gender, "pns", "III/a", tmt, "s1", "Ekonomi",
        "keuangan; akuntansi", position_code, dt.date(2020, 1, 2), "0812000000", f"p{i}@example.go.id",
    ]  # fmt: skip


def xlsx(rows: list[list], headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(rows: list[list], headers=HEADERS) -> bytes:
    lines = [",".join(headers)]
    for row in rows:
        lines.append(
            ",".join("" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v)) for v in row)
        )
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def position(db):
    return PositionFactory(code="DINKES-0100", title="Pengelola Data Kesehatan")


@pytest.fixture
def hr_user(db):
    return UserFactory(username="bkpsdm", groups=["hr"])


def test_a_2000_row_sheet_with_one_bad_row_imports_nothing_and_names_that_row(position, hr_user):
    rows = [employee_row(i, position.code) for i in range(2000)]
    # Row 1237 of the sheet (data row 1236): the NIP says 1 Jan, the record says 2 Jan.
    rows[1235][4] = rows[1235][4] + dt.timedelta(days=1)

    result = employees_import(file=xlsx(rows), format="xlsx", actor=hr_user)

    assert not result.ok
    assert [e.row for e in result.errors] == [1237]
    assert "NIP tidak sesuai dengan tanggal lahir" in str(result.errors[0])
    assert str(result.errors[0]).startswith("Baris 1237:")
    assert Employee.objects.count() == 0
    event = AuditEvent.objects.get(action="instansi.import_refused.employee")
    assert event.actor == hr_user
    assert event.data["bad_rows"] == [1237]
    assert not AuditEvent.objects.filter(action="instansi.import.employee").exists()


def test_the_same_2000_row_sheet_without_the_bad_row_imports_every_employee(position, hr_user):
    rows = [employee_row(i, position.code) for i in range(2000)]

    result = employees_import(file=xlsx(rows), format="xlsx", actor=hr_user)

    assert result.ok, result.errors[:3]
    assert (result.total, result.created, result.updated) == (2000, 2000, 0)
    assert Employee.objects.filter(position=position).count() == 2000
    first = Employee.objects.get(nip=rows[0][0])
    assert first.birth_date == rows[0][4]
    assert first.competencies == ["keuangan", "akuntansi"]
    event = AuditEvent.objects.get(action="instansi.import.employee")
    assert (event.actor, event.data["created"], event.data["rows"]) == (hr_user, 2000, 2000)


def test_every_bad_row_is_reported_not_only_the_first(position):
    rows = [employee_row(i, position.code) for i in range(10)]
    rows[2][0] = rows[2][0][:17]  # 17 digits
    rows[5][12] = "TIDAK-ADA"  # unknown post
    rows[7][5] = "X"  # unknown gender

    result = employees_import(file=csv(rows), format="csv")

    assert [e.row for e in result.errors] == [4, 7, 9]
    assert "NIP harus 18 digit, bukan 17 digit." in str(result.errors[0])
    assert "Jabatan 'TIDAK-ADA' tidak ditemukan." in str(result.errors[1])
    assert "Nilai 'X' tidak dikenal" in str(result.errors[2])
    assert Employee.objects.count() == 0


BIRTH = dt.date(1986, 9, 26)


@pytest.mark.parametrize(
    ("nip", "birth", "gender", "message"),
    [
        ("19860926201505100", BIRTH, "L", "NIP harus 18 digit, bukan 17 digit."),
        ("19860926201505100A", BIRTH, "L", "NIP hanya boleh berisi angka."),
        ("198602312015051001", BIRTH, "L", "Tanggal lahir pada NIP (19860231) bukan tanggal yang valid."),
        ("198609262015053001", BIRTH, "L", "Digit jenis kelamin pada NIP (digit ke-15) harus 1"),
        ("198609262003051001", BIRTH, "L", "TMT CPNS pada NIP (2003-05) lebih awal dari usia 18 tahun"),
        ("198609262015051001", dt.date(1986, 9, 27), "L", "NIP tidak sesuai dengan tanggal lahir"),
        ("198609262015051001", BIRTH, "P", "NIP tidak sesuai dengan jenis kelamin"),
    ],
    ids=["17-digits", "letter", "impossible-birth-date", "gender-digit-3", "tmt-before-18", "birth-mismatch", "gender-mismatch"],
)  # fmt: skip
def test_each_bad_nip_is_refused_by_the_import_with_its_own_message(position, nip, birth, gender, message):
    row = employee_row(1, position.code)
    row[0], row[4], row[5] = nip, birth, gender

    result = employees_import(file=xlsx([row]), format="xlsx")

    assert [e.row for e in result.errors] == [2]
    assert message in str(result.errors[0])
    assert Employee.objects.count() == 0


def test_a_nip_typed_as_a_number_in_excel_is_refused_with_a_hint(position):
    row = employee_row(1, position.code)
    row[0] = float(row[0])

    result = employees_import(file=xlsx([row]), format="xlsx")

    assert "tulis NIP sebagai teks" in str(result.errors[0])


def test_the_same_nip_twice_in_one_file_is_refused(position):
    rows = [employee_row(1, position.code), employee_row(1, position.code)]

    result = employees_import(file=csv(rows), format="csv")

    assert [e.row for e in result.errors] == [3]
    assert "sudah dipakai pada baris 2" in str(result.errors[0])
    assert Employee.objects.count() == 0


def test_labels_and_grouped_nips_are_accepted_and_an_exported_sheet_imports_back_as_updates(position):
    row = employee_row(3, position.code)
    nip = row[0]
    row[0] = f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
    row[5], row[6] = "Laki-laki", "PNS"

    assert employees_import(file=xlsx([row]), format="xlsx").ok
    employee = Employee.objects.get(nip=nip)
    assert (employee.gender, employee.status) == ("L", "pns")

    exported = EmployeeResource().export().export("xlsx")
    Employee.objects.filter(pk=employee.pk).update(name="Diubah")
    result = employees_import(file=exported, format="xlsx")

    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    assert Employee.objects.get(pk=employee.pk).name == row[1]


def test_a_file_that_is_not_a_spreadsheet_is_refused_without_writing(db):
    result = employees_import(file=b"this is not a spreadsheet", format="xlsx")

    assert not result.ok
    assert result.errors[0].row == 0
    assert "tidak dapat dibaca sebagai XLSX" in str(result.errors[0])


def test_agencies_units_positions_and_tasks_import_by_their_codes(db):
    hr = UserFactory(username="hr1", groups=["hr"])
    region = AgencyFactory().region
    agencies = csv([["DINSOS", "Dinas Sosial", "Dinsos", "Dinas", region.name, "tidak", ""]],
                   headers=["code", "name", "short_name", "kind", "region", "is_hr_agency", "head_position"])  # fmt: skip
    assert master_data_import(kind="agency", file=agencies, format="csv", actor=hr).ok
    units = csv([["DINSOS-U1", "Sekretariat", "DINSOS", ""], ["DINSOS-U2", "Subbagian Umum", "DINSOS", "DINSOS-U1"]],
                headers=["code", "name", "agency", "parent"])  # fmt: skip
    assert master_data_import(kind="unit", file=units, format="csv", actor=hr).ok
    posts = csv(
        [
            ["DINSOS-0000", "Kepala Dinas Sosial", "DINSOS", "", "", "jpt_pratama", 14, "ya", "", "s1; s2", "", ""],
            ["DINSOS-0001", "Pekerja Sosial Ahli Pertama", "DINSOS", "DINSOS-U2", "DINSOS-0000", "Fungsional Ahli Pertama",
             8, "0", "", "s1", "Kesejahteraan Sosial", "pelayanan sosial"],
        ],
        headers=["code", "title", "agency", "unit", "superior", "kind", "grade", "is_head", "special_role",
                 "required_education_levels", "required_education_fields", "competency_tags"],
    )  # fmt: skip
    assert master_data_import(kind="position", file=posts, format="csv", actor=hr).ok
    tasks = csv([["DINSOS-0001", "Melakukan asesmen", "keluarga", 1200, 60]],
                headers=["position", "description", "output_unit", "annual_volume", "standard_minutes"])  # fmt: skip
    assert master_data_import(kind="workload_task", file=tasks, format="csv", actor=hr).ok
    assert master_data_import(kind="workload_task", file=tasks, format="csv", actor=hr).updated == 1

    worker = Position.objects.get(code="DINSOS-0001")
    assert worker.superior.code == "DINSOS-0000"
    assert worker.unit == Unit.objects.get(code="DINSOS-U2")
    assert worker.unit.parent.code == "DINSOS-U1"
    assert worker.kind == "ahli_pertama"
    assert worker.required_education_levels == ["s1"]
    assert Agency.objects.get(code="DINSOS").kind == "dinas"
    assert WorkloadTask.objects.get(position=worker).annual_volume == 1200
    assert AuditEvent.objects.filter(action__startswith="instansi.import.", actor=hr).count() == 5


def test_an_unknown_education_level_for_a_position_is_named(db):
    AgencyFactory(code="DINSOS")
    posts = csv([["DINSOS-0009", "Analis", "DINSOS", "", "", "pelaksana", 7, "0", "", "s1; sarjana", "", ""]],
                headers=["code", "title", "agency", "unit", "superior", "kind", "grade", "is_head", "special_role",
                         "required_education_levels", "required_education_fields", "competency_tags"])  # fmt: skip

    result = master_data_import(kind="position", file=posts, format="csv")

    assert result.errors == [RowError(2, result.errors[0].messages)]
    assert "Jenjang tidak dikenal: sarjana" in str(result.errors[0])
    assert not Position.objects.filter(code="DINSOS-0009").exists()


def test_empty_rows_left_at_the_end_of_an_excel_sheet_are_not_data(position):
    rows = [employee_row(i, position.code) for i in range(3)] + [[None] * len(HEADERS)] * 2

    result = employees_import(file=xlsx(rows), format="xlsx")

    assert result.ok, result.errors
    assert Employee.objects.count() == 3


# --- Column headers: Indonesian on export, Indonesian or the old field names on import ------------

INDONESIAN_HEADERS = [EmployeeResource.HEADERS[name] for name in HEADERS]


def test_an_employee_export_has_indonesian_headers_and_imports_back_as_updates(position, hr_user):
    rows = [employee_row(i, position.code) for i in range(3)]
    assert employees_import(file=xlsx(rows, headers=INDONESIAN_HEADERS), format="xlsx", actor=hr_user).ok

    exported = EmployeeResource().export().export("xlsx")
    header = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(exported)).active[1]]
    assert header[:6] == ["NIP", "Nama", "Gelar Depan", "Gelar Belakang", "Tanggal Lahir", "Jenis Kelamin"]
    assert {"Kode Jabatan", "TMT CPNS", "TMT Jabatan", "Aktif"} <= set(header)
    assert not set(header) & set(EmployeeResource.HEADERS)  # no field name left as a header
    Employee.objects.update(name="Diubah", position=None)

    result = employees_import(file=exported, format="xlsx", actor=hr_user)

    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 3)
    assert sorted(Employee.objects.values_list("name", flat=True)) == sorted(row[1] for row in rows)
    assert Employee.objects.filter(position=position).count() == 3


@pytest.fixture
def master_data(position):
    unit = UnitFactory(agency=position.agency, code="DINKES-U1", name="Sekretariat")
    PositionFactory(agency=position.agency, unit=unit, superior=position, code="DINKES-0101")
    WorkloadTaskFactory(position=position, description="Mengolah data kesehatan")
    return position


@pytest.mark.parametrize("kind", ["agency", "unit", "position", "workload_task"])
def test_each_master_data_export_has_indonesian_headers_and_imports_back(master_data, hr_user, kind):
    resource = RESOURCES[kind]
    exported = resource().export().export("csv")
    header = exported.splitlines()[0].split(",")
    assert header == list(resource.HEADERS.values())
    model = resource._meta.model
    before = model.objects.count()

    result = master_data_import(kind=kind, file=exported.encode(), format="csv", actor=hr_user)

    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, before)
    assert model.objects.count() == before


def test_a_file_with_the_old_field_name_headers_still_imports(position, hr_user):
    rows = [employee_row(i, position.code) for i in range(2)]

    result = employees_import(file=xlsx(rows, headers=HEADERS), format="xlsx", actor=hr_user)

    assert result.ok, result.errors
    assert result.created == 2
    employee = Employee.objects.get(nip=rows[0][0])
    assert (employee.position, employee.birth_date, employee.competencies) == (
        position,
        rows[0][4],
        ["keuangan", "akuntansi"],
    )


def test_headers_match_whatever_their_case_and_spacing(position):
    headers = [f"  {h.upper()} " for h in INDONESIAN_HEADERS]
    headers[0], headers[1] = "nip", "NAME"  # old and new headers mixed in one file

    result = employees_import(file=csv([employee_row(1, position.code)], headers=headers), format="csv")

    assert result.ok, result.errors
    assert Employee.objects.get().name == "Pegawai Impor 1"


def test_a_bad_row_under_indonesian_headers_is_still_named_by_its_row(position):
    rows = [employee_row(i, position.code) for i in range(3)]
    rows[1][12] = "TIDAK-ADA"

    result = employees_import(file=csv(rows, headers=INDONESIAN_HEADERS), format="csv")

    assert [e.row for e in result.errors] == [3]
    # The column is named by its header in the file, so HR finds the cell.
    assert str(result.errors[0]) == "Baris 3: Kode Jabatan: Jabatan 'TIDAK-ADA' tidak ditemukan."
    assert Employee.objects.count() == 0


def test_the_same_column_under_its_old_and_new_header_is_refused_without_writing(position):
    row = employee_row(1, position.code)

    result = employees_import(file=csv([row + [row[1]]], headers=[*INDONESIAN_HEADERS, "name"]), format="csv")

    assert [e.row for e in result.errors] == [0]
    assert "Kolom Nama muncul lebih dari sekali" in str(result.errors[0])
    assert Employee.objects.count() == 0


def test_a_file_without_the_nip_column_names_it_by_its_indonesian_header(position):
    result = employees_import(
        file=csv([employee_row(1, position.code)[1:]], headers=INDONESIAN_HEADERS[1:]), format="csv"
    )

    assert str(result.errors[0]) == "Baris 0: Kolom wajib tidak ada: NIP."
    assert Employee.objects.count() == 0

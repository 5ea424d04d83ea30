"""Import from a SIASN spreadsheet export (XLSX/CSV with SIASN's field names): the same pipeline."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from instansi.models import Employee, Region, Unit
from siasn.fake import FakeSiasn, siasn_date
from siasn.models import ImportRun, ImportStatus, Outcome
from siasn.services.imports import import_apply_start, import_start

pytestmark = pytest.mark.django_db
UNOR_COLUMNS = ["Id", "DiatasanId", "NamaUnor", "NamaJabatan", "EselonId", "PemimpinPnsId", "aktif"]


def export_xlsx(fake: FakeSiasn, *, dates_as_cells: bool = False, write_only: bool = False) -> bytes:
    """What an office downloads from SIASN: one row per employee with data-utama's field names."""
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("pns") if write_only else workbook.active
    sheet.title = "pns"
    columns = list(next(iter(fake.employees.values())))
    sheet.append(columns)
    for record in fake.employees.values():
        row = []
        for c in columns:
            value = record[c]
            if dates_as_cells and c in ("tglLahir", "tmtJabatan") and value:
                value = dt.datetime.strptime(value, "%d-%m-%Y")
            row.append(value)
        sheet.append(row)
    units = workbook.create_sheet("ref-unor")
    units.append(UNOR_COLUMNS)
    for row in fake.units:
        units.append([row[c] for c in UNOR_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_csv(fake: FakeSiasn) -> bytes:
    out = io.StringIO()
    columns = list(next(iter(fake.employees.values())))
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(fake.employees.values())
    return ("\ufeff" + out.getvalue()).encode()


@pytest.fixture
def region():
    return Region.objects.create(name="Kabupaten Contoh", kind="kabupaten")


@pytest.fixture
def hr(django_user_model):
    return django_user_model.objects.create_superuser("hr-siasn", "hr@example.go.id", "x")


def run_file(content, name, region, hr, captured):
    with captured(execute=True):
        run = import_start(
            region=region, source="spreadsheet", actor=hr, file=SimpleUploadedFile(name, content)
        )
    run.refresh_from_db()
    return run


def apply(run, hr, captured):
    with captured(execute=True):
        import_apply_start(run_id=run.pk, actor=hr)
    run.refresh_from_db()
    return run


def test_xlsx_export_preview_apply_refusals_and_second_import_unchanged(
    region, hr, django_capture_on_commit_callbacks, settings
):
    fake = FakeSiasn(seed=7)  # only its generator: a file needs no server
    fake.generate(employees=2000, agencies=5, units_per_agency=3)
    settings.SIASN_INSTANSI_ID = fake.instansi_id
    nips = list(fake.employees)
    fake.employees[nips[0]]["nipBaru"] = "1986O926201505I001"  # letters: a typed-over export
    fake.employees[nips[1]]["unorId"] = "UNOR-HILANG"
    birth = fake.employees[nips[2]]
    birth["tglLahir"] = siasn_date(
        dt.datetime.strptime(birth["tglLahir"], "%d-%m-%Y").date() - dt.timedelta(days=400)
    )

    run = run_file(
        export_xlsx(fake, dates_as_cells=True),
        "ekspor-siasn.xlsx",
        region,
        hr,
        django_capture_on_commit_callbacks,
    )
    assert run.status == ImportStatus.PREVIEWED, run.error
    refused = {r.nip: r.reason for r in run.records.filter(outcome=Outcome.REFUSED)}
    assert run.counts[Outcome.NEW] == 1997 and len(refused) == 3
    assert "NIP hanya boleh berisi angka" in refused["1986O926201505I001"]
    assert "UNOR-HILANG" in refused[nips[1]]
    assert "NIP tidak sesuai dengan tanggal lahir" in refused[nips[2]]

    run = apply(run, hr, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE and Employee.objects.count() == 1997
    assert Unit.objects.count() == 15
    sample = fake.employees[nips[10]]
    employee = Employee.objects.get(nip=sample["nipBaru"])
    assert (
        siasn_date(employee.birth_date) == sample["tglLahir"]
        and employee.position.unit.siasn_id == sample["unorId"]
    )

    again = run_file(export_xlsx(fake), "ekspor-siasn.xlsx", region, hr, django_capture_on_commit_callbacks)
    assert again.counts[Outcome.UNCHANGED] == 1997 and again.total == 0
    history = Employee.history.count()
    apply(again, hr, django_capture_on_commit_callbacks)
    assert Employee.history.count() == history


def test_csv_export_uses_the_unor_tree_already_imported(
    region, hr, django_capture_on_commit_callbacks, settings
):
    fake = FakeSiasn(seed=8)
    fake.generate(employees=50, agencies=2, units_per_agency=2)
    settings.SIASN_INSTANSI_ID = fake.instansi_id
    apply(
        run_file(export_xlsx(fake), "a.xlsx", region, hr, django_capture_on_commit_callbacks),
        hr,
        django_capture_on_commit_callbacks,
    )

    nip = next(iter(fake.employees))
    fake.employees[nip]["gelarDepan"] = "Dr."
    run = run_file(export_csv(fake), "b.csv", region, hr, django_capture_on_commit_callbacks)
    assert run.counts == {"new": 0, "changed": 1, "unchanged": 49, "absent": 0, "refused": 0}
    assert run.records.get(outcome=Outcome.CHANGED).changes == {"front_title": ["", "Dr."]}
    apply(run, hr, django_capture_on_commit_callbacks)
    assert Employee.objects.get(nip=nip).front_title == "Dr."


def test_a_file_that_is_not_a_siasn_export_is_refused_whole(region, hr, django_capture_on_commit_callbacks):
    run = run_file(b"NIP,Nama\n1,2\n", "lain.csv", region, hr, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.FAILED and "Kolom nipBaru tidak ada" in run.error
    run = run_file(b"bukan xlsx", "rusak.xlsx", region, hr, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.FAILED and "tidak dapat dibaca" in run.error
    assert Employee.objects.count() == 0


@pytest.mark.parametrize("write_only", [False, True])  # shared strings and styles / inline strings
def test_large_files_are_streamed_and_read_the_same(monkeypatch, settings, write_only):
    """Above CALAMINE_MAX_BYTES the XLSX is streamed by siasn.xlsx_stream (bounded memory): same records."""
    from siasn import sources, xlsx_stream
    from siasn.records import UnitTree, normalise
    from siasn.services.imports import load_mappings

    fake = FakeSiasn(seed=9)
    fake.generate(employees=200, agencies=2, units_per_agency=2)
    content = export_xlsx(fake, dates_as_cells=True, write_only=write_only)

    def read():
        source = sources.SpreadsheetSource(content=content, filename="a.xlsx")
        tree = UnitTree.build(source.units(), instansi_id=fake.instansi_id)
        today = dt.date(2026, 12, 6)
        return [normalise(r, tree=tree, mappings=load_mappings(), today=today) for r in source.records()]

    fast = read()
    monkeypatch.setattr(sources, "CALAMINE_MAX_BYTES", 0)
    monkeypatch.setattr(xlsx_stream, "CHILD_BATCH", 7)  # several batches, the last one short
    streamed = read()  # by a child process (SIASN_XLSX_CHILD)
    settings.SIASN_XLSX_CHILD = False
    assert read() == streamed  # in this process
    assert len(fast) == 200 and fast == streamed
    assert all(not reasons for _values, reasons in fast)


def test_hr_uploads_an_export_in_the_admin_previews_and_applies(
    region, hr, client, settings, django_capture_on_commit_callbacks
):
    fake = FakeSiasn(seed=11)
    fake.generate(employees=20, agencies=1, units_per_agency=2)
    settings.SIASN_INSTANSI_ID = fake.instansi_id
    client.force_login(hr)
    upload = SimpleUploadedFile("ekspor.xlsx", export_xlsx(fake))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/siasn/importrun/add/", {"region": region.pk, "source": "spreadsheet", "file": upload}
        )
    assert response.status_code == 302, response.content[:500]
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.PREVIEWED and run.counts["new"] == 20
    page = client.get(f"/admin/siasn/importrun/{run.pk}/change/")
    assert "Terapkan impor" in page.content.decode() and "0 / 20" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/siasn/importrun/{run.pk}/apply/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and Employee.objects.count() == 20
    assert "20 / 20" in client.get(f"/admin/siasn/importrun/{run.pk}/change/").content.decode()
    # a spreadsheet import without a file is refused by the form, in Indonesian
    response = client.post("/admin/siasn/importrun/add/", {"region": region.pk, "source": "spreadsheet"})
    assert response.status_code == 200 and "Pilih berkas ekspor SIASN" in response.content.decode()


@pytest.mark.parametrize("child", [True, False])  # the sheet read by a child process / in this one
@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_a_streamed_file_declaring_entities_is_refused_in_indonesian(monkeypatch, settings, part, child):
    """An uploaded XLSX is untrusted: a part with a DTD (entity expansion) is not parsed, whether it is
    the workbook (read here) or the employees' sheet (read by the child process, or here)."""
    import zipfile

    from django.core.exceptions import ValidationError

    from siasn import sources

    fake = FakeSiasn(seed=3)
    fake.generate(employees=2, agencies=1, units_per_agency=1)
    original = io.BytesIO(export_xlsx(fake))
    out = io.BytesIO()
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(out, "w") as dst:
        assert part in src.namelist()
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[-1]
            dst.writestr(item, data)
    monkeypatch.setattr(sources, "CALAMINE_MAX_BYTES", 0)
    settings.SIASN_XLSX_CHILD = child
    with pytest.raises(ValidationError) as info:
        list(sources.SpreadsheetSource(content=out.getvalue(), filename="a.xlsx").records())
    assert info.value.messages[0] == "Berkas XLSX tidak dapat dibaca (ValueError)."

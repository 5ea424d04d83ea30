"""Histories from SIASN into their homes here (issue 16 point 2): rw-jabatan -> placements and the TMT the
years-in-post rule counts from, rw-skp22 -> the predicates the SKP rule reads for a year without a final
SKP here, rw-golongan -> the employee's golongan and SiasnHistory. A second import writes nothing; a
malformed history row is refused with its reason and the employee's other data still imported."""

import datetime as dt

import pytest
from django.utils import timezone

from instansi.models import Employee, PlacementHistory
from kinerja.models import RecordedPredicate
from mutasi.eligibility import check
from siasn.fake import siasn_date
from siasn.models import ImportRecord, Outcome, SiasnHistory
from tests.siasn.helpers import import_with_histories

pytestmark = pytest.mark.django_db


def years_ago(n: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - n, day=min(today.day, 28))


def position_row(fake, nip, *, id, tmt, title="Analis Kebijakan Ahli Muda", penugasan="D"):
    unit = fake.units[2]
    row = {"id": id, "unorId": unit["Id"], "unorNama": unit["NamaUnor"], "namaJabatan": title,
           "jenisJabatan": "2", "tmtJabatan": siasn_date(tmt), "nomorSk": f"821/{id}", "tanggalSk": siasn_date(tmt),
           "jenisPenugasanId": penugasan}  # fmt: skip
    fake.histories[nip]["rw-jabatan"].append(row)
    return row


def test_years_in_post_counts_from_the_tmt_of_the_current_post_in_rw_jabatan(
    world, known, django_capture_on_commit_callbacks
):
    nip = world.pegawai_emp.nip
    first = known.histories[nip]["rw-jabatan"][0]  # TMT 2019-01-02, as the placement written here
    moved = years_ago(1)
    current = position_row(known, nip, id="rj-2", tmt=moved)
    position_row(known, nip, id="rj-plt", tmt=years_ago(0) - dt.timedelta(days=30), penugasan="PLT")

    run = import_with_histories(world, known, django_capture_on_commit_callbacks)
    record = run.records.get(nip=nip)
    assert record.changes["rw-jabatan"] == ["0 baris", "2 baris: 2 baru, 0 berubah, 0 dihapus"]
    assert run.counts["rw-jabatan"] == 1
    emp = Employee.objects.get(pk=world.pegawai_emp.pk)
    assert emp.position_since == moved  # rw-jabatan's TMT, not data-utama's tmtJabatan (2019)
    item = check(employee=emp, destination=world.destination).get("min_years_in_post")
    assert not item.passed and "Baru 1" in item.reason

    rows = list(PlacementHistory.objects.filter(employee=emp).order_by("start"))
    assert [(p.siasn_id, p.start, p.end) for p in rows] == [
        (first["id"], dt.date(2019, 1, 2), moved - dt.timedelta(days=1)),  # the row here, adopted and closed
        ("rj-2", moved, None),  # the acting (PLT) assignment is not a placement
    ]
    assert rows[1].position_title == "Analis Kebijakan Ahli Muda" and rows[1].decree_number == "821/rj-2"

    current["tmtJabatan"] = siasn_date(years_ago(3))  # SIASN corrects the TMT
    import_with_histories(world, known, django_capture_on_commit_callbacks)
    emp.refresh_from_db()
    assert emp.position_since == years_ago(3)
    assert check(employee=emp, destination=world.destination).get("min_years_in_post").passed
    assert PlacementHistory.objects.filter(employee=emp).count() == 2  # updated, not duplicated


def test_skp_predicates_from_siasn_count_for_the_years_without_a_final_skp_here(
    world, known, django_capture_on_commit_callbacks
):
    world.policy.skp_years_required = 3  # the world has final SKP "Baik" for the last 2 years only
    world.policy.save()
    nip, year = world.pegawai_emp.nip, timezone.localdate().year
    item = check(employee=world.pegawai_emp, destination=world.destination).get("performance")
    assert not item.passed and f"SKP tahun {year - 3} belum ada" in item.reason

    old = known.add_skp(nip, year=year - 3, kuadran=2)
    known.add_skp(nip, year=year - 1, kuadran=5)  # a final SKP here for that year wins
    run = import_with_histories(world, known, django_capture_on_commit_callbacks)
    assert run.records.get(nip=nip).changes["rw-skp22"][1] == "2 baris: 2 baru, 0 berubah, 0 dihapus"
    assert set(RecordedPredicate.objects.values_list("year", "predicate", "source")) == {
        (year - 3, "baik", "siasn"),
        (year - 1, "sangat_kurang", "siasn"),
    }
    item = check(employee=world.pegawai_emp, destination=world.destination).get("performance")
    assert item.passed, item.reason

    old["kuadranKinerjaNilai"] = "4"
    run = import_with_histories(world, known, django_capture_on_commit_callbacks)
    assert run.records.get(nip=nip).changes["rw-skp22"][1] == "2 baris: 0 baru, 1 berubah, 0 dihapus"
    item = check(employee=world.pegawai_emp, destination=world.destination).get("performance")
    assert not item.passed and f"tahun {year - 3} Kurang/Misconduct" in item.reason


def snapshot(emp):
    return (
        sorted(PlacementHistory.objects.filter(employee=emp).values_list("pk", "siasn_id", "start", "end", "updated_at")),
        PlacementHistory.history.filter(employee_id=emp.pk).count(),
        emp.history.count(),
        sorted(RecordedPredicate.objects.filter(employee=emp).values_list("pk", "year", "predicate", "updated_at")),
        sorted(SiasnHistory.objects.filter(employee=emp).values_list("pk", "kind", "siasn_id", "start")),
        Employee.objects.filter(pk=emp.pk).values_list("golongan", "position_since", "position_id").get(),
    )  # fmt: skip


def test_a_second_import_writes_nothing(world, known, django_capture_on_commit_callbacks):
    nip, year = world.pegawai_emp.nip, timezone.localdate().year
    position_row(known, nip, id="rj-2", tmt=years_ago(1))
    known.add_skp(nip, year=year - 2, kuadran=1)
    known.histories[nip]["rw-golongan"].append(
        {"id": "rg-2", "golonganId": "33", "tmtGolongan": siasn_date(years_ago(2)), "skNomor": "823/2"}
    )
    import_with_histories(world, known, django_capture_on_commit_callbacks)
    emp = Employee.objects.get(pk=world.pegawai_emp.pk)
    before = snapshot(emp)
    assert len(before[0]) == 2 and len(before[3]) == 1 and len(before[4]) == 2

    again = import_with_histories(world, known, django_capture_on_commit_callbacks)
    assert again.counts[Outcome.UNCHANGED] == 1
    assert (again.counts["rw-jabatan"], again.counts["rw-golongan"], again.counts["rw-skp22"]) == (0, 0, 0)
    assert again.records.get(nip=nip).changes == {}
    assert snapshot(emp) == before


def test_malformed_history_rows_are_refused_with_their_reason_and_the_rest_imported(
    world, known, django_capture_on_commit_callbacks
):
    nip, year = world.pegawai_emp.nip, timezone.localdate().year
    known.employees[nip]["golRuangAkhirId"] = ""  # data-utama without golongan: rw-golongan's latest counts
    h = known.histories[nip]
    h["rw-jabatan"].append({"id": "rj-bad", "tmtJabatan": "31-02-2020", "namaJabatan": "Pengelola Data"})
    h["rw-golongan"] = [
        {"id": "rg-1", "golonganId": "31", "tmtGolongan": "01-04-2015"},
        {"id": "rg-2", "golonganId": "33", "tmtGolongan": "01-04-2021"},
        {"id": "rg-bad", "golonganId": "99", "tmtGolongan": "01-04-2023"},
    ]
    h["rw-skp22"] = [
        {"id": "sk-1", "tahun": year - 3, "kuadranKinerjaNilai": 1},
        {"id": "sk-bad", "tahun": "dua ribu", "kuadranKinerjaNilai": 2},
        "rusak",
    ]
    run = import_with_histories(world, known, django_capture_on_commit_callbacks)  # asserts none refused
    assert run.counts["history_refused"] == 1
    record = ImportRecord.objects.get(run=run, nip=nip)
    assert record.outcome != Outcome.REFUSED
    assert record.reason.split("; ") == [
        "rw-jabatan baris ke-2 ditolak: TMT jabatan (tmtJabatan) kosong atau tidak valid: 31-02-2020.",
        "rw-golongan baris ke-3 ditolak: kode golonganId '99' belum dipetakan (Admin > Pemetaan kode SIASN).",
        "rw-skp22 baris ke-2 ditolak: tahun (tahun) kosong atau tidak valid: dua ribu.",
        "rw-skp22 baris ke-3 ditolak: baris bukan data riwayat.",
    ]

    emp = Employee.objects.get(pk=world.pegawai_emp.pk)
    assert emp.siasn_id == "pns-1" and emp.siasn_checked_at is not None  # the employee's own data
    assert emp.golongan == "III/c"
    assert list(PlacementHistory.objects.filter(employee=emp).values_list("start", flat=True)) == [
        dt.date(2019, 1, 2)
    ]
    assert list(RecordedPredicate.objects.filter(employee=emp).values_list("year", "predicate")) == [
        (year - 3, "sangat_baik")
    ]
    assert sorted(SiasnHistory.objects.filter(employee=emp, kind="rw-golongan").values_list("siasn_id", flat=True)) == [
        "rg-1",
        "rg-2",
    ]  # fmt: skip

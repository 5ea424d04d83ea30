"""Import from the web service (the fake): preview, then apply in batches (issue 16, points 2-3)."""

import datetime as dt
import json
import logging
from io import StringIO

import pytest
from django.core.management import call_command

from instansi.models import Agency, Employee, Position, Region, Unit
from siasn.fake import siasn_date
from siasn.models import ImportRecord, ImportStatus, Outcome
from siasn.services.imports import import_apply_start, import_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return Region.objects.create(name="Kabupaten Contoh", kind="kabupaten")


@pytest.fixture
def hr(django_user_model):
    return django_user_model.objects.create_superuser("hr-siasn", "hr@example.go.id", "x")


def start_and_preview(region, hr, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        run = import_start(region=region, source="webservice", actor=hr, **kwargs)
    run.refresh_from_db()
    return run


def apply(run, hr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_apply_start(run_id=run.pk, actor=hr)
    run.refresh_from_db()
    return run


def test_5000_employees_preview_then_apply_and_a_second_import_changes_nothing(
    siasn_fake, region, hr, django_capture_on_commit_callbacks, settings
):
    settings.SIASN_IMPORT_BATCH = 700
    siasn_fake.generate(employees=5000, agencies=8, units_per_agency=4)

    run = start_and_preview(region, hr, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.PREVIEWED, run.error
    assert run.counts[Outcome.NEW] == 5000 and run.counts[Outcome.REFUSED] == 0
    assert run.total == 5000
    assert Employee.objects.count() == 0  # a preview writes nothing outside its own records

    run = apply(run, hr, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE and run.done == 5000 and run.analysed
    assert Employee.objects.count() == 5000
    assert Agency.objects.filter(region=region).count() == 8
    assert Unit.objects.count() == 32
    some = siasn_fake.employees[next(iter(siasn_fake.employees))]
    e = Employee.objects.select_related("position__unit", "position__agency").get(nip=some["nipBaru"])
    assert e.siasn_id == some["id"] and e.name == some["nama"]
    assert siasn_date(e.birth_date) == some["tglLahir"] and siasn_date(e.position_since) == some["tmtJabatan"]
    assert e.golongan == some["golRuangAkhir"]
    assert e.position.unit.siasn_id == some["unorId"] and e.position.agency.siasn_id == some["unorIndukId"]
    assert e.position_agency_id == e.position.agency_id  # the database trigger kept the copy
    assert e.history.count() == 1  # created with its change history

    counts = (
        Employee.objects.count(),
        Position.objects.count(),
        Unit.objects.count(),
        Agency.objects.count(),
    )
    history = Employee.history.count()
    again = start_and_preview(region, hr, django_capture_on_commit_callbacks)
    assert again.counts[Outcome.UNCHANGED] == 5000 and again.total == 0
    again = apply(again, hr, django_capture_on_commit_callbacks)
    assert again.status == ImportStatus.DONE and again.done == 0
    assert (
        Employee.objects.count(),
        Position.objects.count(),
        Unit.objects.count(),
        Agency.objects.count(),
    ) == counts
    assert Employee.history.count() == history  # not one row rewritten


def test_preview_lists_changes_field_by_field_and_absent_employees(
    siasn_fake, region, hr, django_capture_on_commit_callbacks
):
    siasn_fake.generate(employees=30, agencies=2, units_per_agency=2)
    apply(
        start_and_preview(region, hr, django_capture_on_commit_callbacks),
        hr,
        django_capture_on_commit_callbacks,
    )

    nips = list(siasn_fake.employees)
    siasn_fake.employees[nips[0]]["nama"] = "Nama Baru Sekali"
    siasn_fake.employees[nips[1]]["golRuangAkhirId"] = "34"
    gone = siasn_fake.employees.pop(nips[2])
    run = start_and_preview(region, hr, django_capture_on_commit_callbacks)
    assert run.counts == {"new": 0, "changed": 2, "unchanged": 27, "absent": 1, "refused": 0}
    changed = {r.nip: r.changes for r in run.records.filter(outcome=Outcome.CHANGED)}
    assert changed[nips[0]] == {"name": [Employee.objects.get(nip=nips[0]).name, "Nama Baru Sekali"]}
    assert changed[nips[1]]["golongan"][1] == "III/d"
    assert run.records.get(outcome=Outcome.ABSENT).nip == gone["nipBaru"]

    apply(run, hr, django_capture_on_commit_callbacks)
    assert Employee.objects.get(nip=nips[0]).name == "Nama Baru Sekali"
    assert Employee.objects.get(nip=nips[1]).golongan == "III/d"
    assert Employee.objects.get(nip=gone["nipBaru"]).is_active  # only listed; HR decides


def test_refused_records_each_with_its_reason_and_the_rest_imported(
    siasn_fake, region, hr, django_capture_on_commit_callbacks
):
    siasn_fake.generate(employees=40, agencies=2, units_per_agency=2)
    nips = list(siasn_fake.employees)
    bad_nip = siasn_fake.employees[nips[0]]
    bad_nip["nipBaru"] = "19860926201505100"  # 17 digits
    siasn_fake.employees[nips[1]]["unorId"] = "UNOR-YANG-TIDAK-ADA"
    birth = siasn_fake.employees[nips[2]]
    birth["tglLahir"] = siasn_date(
        dt.datetime.strptime(birth["tglLahir"], "%d-%m-%Y").date() + dt.timedelta(days=3)
    )
    siasn_fake.malformed.add(nips[3])
    siasn_fake.employees[nips[4]]["golRuangAkhirId"] = "99"

    run = start_and_preview(region, hr, django_capture_on_commit_callbacks)
    refused = {r.nip: r.reason for r in run.records.filter(outcome=Outcome.REFUSED)}
    assert len(refused) == 5 and run.counts[Outcome.NEW] == 35
    assert "NIP harus 18 digit" in refused["19860926201505100"]
    assert "UNOR-YANG-TIDAK-ADA" in refused[nips[1]] and "tidak dikenal" in refused[nips[1]]
    assert "NIP tidak sesuai dengan tanggal lahir" in refused[nips[2]]
    assert "Tanggal lahir (tglLahir)" in refused[nips[3]]
    assert "golRuangAkhirId '99' belum dipetakan" in refused[nips[4]]

    run = apply(run, hr, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE and Employee.objects.count() == 35
    assert not Employee.objects.filter(nip__in=[nips[1], nips[2], nips[3], nips[4]]).exists()


def test_refused_report_is_downloadable_from_the_admin(
    siasn_fake, region, hr, client, django_capture_on_commit_callbacks
):
    siasn_fake.generate(employees=5, agencies=1, units_per_agency=1)
    nips = list(siasn_fake.employees)
    siasn_fake.employees[nips[0]]["unorId"] = "X"
    run = start_and_preview(region, hr, django_capture_on_commit_callbacks)
    client.force_login(hr)
    response = client.get(f"/admin/siasn/importrun/{run.pk}/report/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Unor X" in body and body.count("\n") == 2  # header + the refused record

    # an employee imported whose history row was refused is listed too, with the row's reason
    siasn_fake.histories[nips[1]]["rw-skp22"].append({"id": "s1", "tahun": 2024, "kuadranKinerjaNilai": "9"})
    run = start_and_preview(region, hr, django_capture_on_commit_callbacks, with_histories=True)
    assert run.counts["history_refused"] == 1
    body = client.get(f"/admin/siasn/importrun/{run.pk}/report/").content.decode("utf-8-sig")
    assert body.count("\n") == 3 and "rw-skp22 baris ke-1 ditolak: kode kuadranKinerjaNilai '9'" in body


def test_histories_feed_the_blocking_flags(siasn_fake, region, hr, django_capture_on_commit_callbacks):
    siasn_fake.generate(employees=3, agencies=1, units_per_agency=1)
    nips = list(siasn_fake.employees)
    until = dt.date.today() + dt.timedelta(days=200)
    siasn_fake.histories[nips[0]]["rw-hukdis"].append(
        {
            "id": "h1",
            "jenisHukumanId": "05",
            "jenisHukumanNama": "Penundaan kenaikan pangkat",
            "hukumanTanggal": "01-01-2026",
            "akhirHukumTanggal": siasn_date(until),
        }
    )
    siasn_fake.histories[nips[1]]["rw-tubel"].append(
        {"id": "t1", "tanggalMulai": "01-08-2025", "tanggalSelesai": siasn_date(until)}
    )
    run = start_and_preview(region, hr, django_capture_on_commit_callbacks, with_histories=True)
    apply(run, hr, django_capture_on_commit_callbacks)
    sanctioned, studying, clear = (Employee.objects.get(nip=n) for n in nips)
    assert sanctioned.under_sanction and sanctioned.sanction_until == until
    assert studying.on_study_assignment and studying.study_until == until
    assert not clear.under_sanction and not clear.on_study_assignment
    assert sanctioned.siasn_histories.get(kind="rw-hukdis").end == until


def test_wrong_credentials_nothing_imported_and_no_secret_in_logs_db_or_page(
    siasn_fake, region, hr, client, settings, caplog, django_capture_on_commit_callbacks
):
    siasn_fake.generate(employees=5, agencies=1, units_per_agency=1)
    secret = "rahasia-SSO-yang-salah-42"
    settings.SIASN_SSO_PASSWORD = secret
    with caplog.at_level(logging.DEBUG):
        run = start_and_preview(region, hr, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.FAILED
    assert "SIASN menolak kredensial (akun SSO SIASN)" in run.error
    assert Employee.objects.count() == 0 and ImportRecord.objects.count() == 0

    client.force_login(hr)
    page = client.get(f"/admin/siasn/importrun/{run.pk}/change/")
    assert page.status_code == 200 and "SIASN menolak kredensial" in page.content.decode()
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    secrets_ = [secret, siasn_fake.consumer_secret, siasn_fake.consumer_key]
    for text in (caplog.text, dump.getvalue(), page.content.decode(), json.dumps(run.counts)):
        for s in secrets_:
            assert s not in text


def test_a_page_read_ahead_that_fails_fails_the_preview_and_keeps_nothing(
    siasn_fake, region, hr, django_capture_on_commit_callbacks, monkeypatch
):
    """The next page is read while this one is classified (siasn.sources): its error still fails the run."""
    from siasn.client import SiasnClient, SiasnUnavailable

    siasn_fake.generate(employees=1200, agencies=2, units_per_agency=2)
    read = SiasnClient.employees_page

    def page(self, *, page, limit):
        if page == 2:
            raise SiasnUnavailable("SIASN sedang bermasalah (HTTP 503) pada halaman 2.", status=503)
        return read(self, page=page, limit=limit)

    monkeypatch.setattr(SiasnClient, "employees_page", page)
    run = start_and_preview(region, hr, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.FAILED and "halaman 2" in run.error
    assert ImportRecord.objects.count() == 0 and Employee.objects.count() == 0


def test_the_admin_shows_which_records_are_still_to_apply(
    siasn_fake, region, hr, client, django_capture_on_commit_callbacks, settings
):
    """The "belum diterapkan" column and filter answer from the run's mark: the records to apply after it;
    refused ones never, applied ones no longer."""
    from siasn.services.imports import import_apply_batch

    siasn_fake.generate(employees=6, agencies=1, units_per_agency=1)
    nips = list(siasn_fake.employees)
    siasn_fake.employees[nips[0]]["unorId"] = "X"
    run = start_and_preview(region, hr, django_capture_on_commit_callbacks)
    assert run.total == 5 and run.records.count() == 6
    run.status = ImportStatus.APPLYING
    run.save()
    assert import_apply_batch(run_id=run.pk, batch_size=2)  # the unor tree
    assert import_apply_batch(run_id=run.pk, batch_size=2)  # two employees
    run.refresh_from_db()
    records = list(run.records.select_related("run").order_by("id"))
    expected = {r.nip: (r.outcome != Outcome.REFUSED and Employee.objects.filter(nip=r.nip).count() == 0)
                for r in records}  # fmt: skip
    assert sum(expected.values()) == 3 and {r.nip: r.pending for r in records} == expected
    assert set(run.records.pending().values_list("nip", flat=True)) == {n for n, p in expected.items() if p}
    assert run.records.applied().count() == 2 and run.done == 2

    client.force_login(hr)
    base = f"/admin/siasn/importrecord/?run__id__exact={run.pk}"
    for value, wanted in (("1", True), ("0", False)):
        page = client.get(f"{base}&pending={value}")
        assert page.status_code == 200
        shown = {r.nip for r in page.context["cl"].result_list}
        assert shown == {n for n, p in expected.items() if p is wanted}
    page = client.get(base)
    assert page.content.decode().count('alt="True"') == 3  # the column's icons: still to apply

"""The import's COPY path (siasn/bulk.py) writes exactly what the plain path (Django's bulk_create and
simple_history's bulk_create_with_history) writes, awkward text included; an apply batch costs the same
number of statements whatever its size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from instansi.models import Employee, Position, Region
from siasn import bulk
from siasn.models import ImportRecord, ImportRun, ImportStatus, Outcome
from siasn.services.imports import import_apply_batch, import_preview
from tests.conftest import requires_postgres

pytestmark = pytest.mark.django_db

AWKWARD = "Tab\there, new\nline, back\\slash \\N, quote ' \" , É ñ 中, \r end"


def records(run):
    return [
        {
            "run_id": run.pk,
            "nip": "199001012015031001",
            "name": AWKWARD,
            "outcome": Outcome.NEW,
            "to_apply": True,
            "data": {"name": AWKWARD, "n": 1, "d": None, "list": [1, "a\tb"], "nested": {"ok": True}},
        },
        {"run_id": run.pk, "nip": "x" * 40, "name": "", "outcome": Outcome.REFUSED, "reason": AWKWARD},
        {
            "run_id": run.pk,
            "nip": "199001012015032002",
            "name": "Budi",
            "outcome": Outcome.CHANGED,
            "changes": {"name": ["A", "B"], "birth_date": [None, "1990-01-01"]},
        },
    ]


def employees():
    return [
        {
            "nip": "199001012015031001",
            "name": AWKWARD,
            "back_title": "S.Kom.",
            "birth_date": dt.date(1990, 1, 1),
            "gender": "L",
            "status": "pns",
            "golongan": "III/a",
            "education_level": "s1",
            "siasn_id": "pns-1",
            "position_since": dt.date(2020, 2, 1),
            "competencies": ["analisis", "tab\there"],
            "under_sanction": True,
        },
        {
            "nip": "199101012016032002",
            "name": "Siti",
            "birth_date": dt.date(1991, 1, 1),
            "gender": "P",
            "status": "pns",
            "education_level": "d3",
            "is_active": False,
        },
    ]


def table(model, *exclude):
    skip = {"id", *exclude}
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
    return sorted(model.objects.values_list(*names), key=repr)  # (None beside text)


@pytest.fixture
def run():
    region = Region.objects.create(name="Kabupaten Contoh", kind="kabupaten")
    return ImportRun.objects.create(region=region, source="webservice")


@requires_postgres()  # the COPY path and its session setting are PostgreSQL's
def test_copy_writes_the_record_rows_the_plain_path_writes(run, settings):
    assert bulk.copy_enabled()
    bulk.insert(ImportRecord, records(run))
    copied = table(ImportRecord)
    ImportRecord.objects.all().delete()
    settings.SIASN_BULK_COPY = False
    bulk.insert(ImportRecord, records(run))
    assert table(ImportRecord) == copied and len(copied) == 3
    assert ImportRecord.objects.get(name=AWKWARD).data["list"] == [1, "a\tb"]


@requires_postgres()  # the COPY path and its session setting are PostgreSQL's
def test_a_row_naming_no_column_is_refused(run):
    with pytest.raises(TypeError):
        bulk.insert(ImportRecord, [{"run": run, "nip": "1"}])  # the attname is run_id


@requires_postgres()  # the COPY path and its session setting are PostgreSQL's
def test_copy_writes_the_employees_and_history_rows_the_plain_path_writes(
    settings, django_assert_num_queries
):
    history = Employee.history.model
    stamps = ("created_at", "updated_at")
    with django_assert_num_queries(3):  # the keys from the sequence, the rows' COPY, the history's COPY
        ids = bulk.insert_with_history(Employee, employees())
    copied = (table(Employee, *stamps), table(history, *stamps, "history_id", "history_date"))
    assert len(copied[0]) == 2 and len(copied[1]) == 2
    assert set(history.objects.values_list("history_type", "history_change_reason", "history_user_id")) == {
        ("+", None, None)
    }
    assert ids == [Employee.objects.get(nip=row["nip"]).pk for row in employees()]
    assert set(history.objects.values_list("id", "nip")) == set(Employee.objects.values_list("id", "nip"))
    history.objects.all().delete()
    Employee.objects.all().delete()
    history.objects.all().delete()  # the deletion's own history rows
    settings.SIASN_BULK_COPY = False
    ids = bulk.insert_with_history(Employee, employees())
    assert ids == [Employee.objects.get(nip=row["nip"]).pk for row in employees()]
    assert set(history.objects.values_list("id", "nip")) == set(Employee.objects.values_list("id", "nip"))
    assert (table(Employee, *stamps), table(history, *stamps, "history_id", "history_date")) == copied
    # the history row carries the row's own id and timestamps, as simple_history's does
    e = Employee.objects.get(nip="199001012015031001")
    assert e.history.get().created_at == e.created_at


@requires_postgres()  # the COPY path and its session setting are PostgreSQL's
def test_an_apply_batch_costs_the_same_statements_whatever_its_size(siasn_fake, run, settings):
    siasn_fake.generate(employees=60, agencies=2, units_per_agency=2)
    run = import_preview(run_id=run.pk)
    assert run.status == ImportStatus.PREVIEWED and run.total == 60
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.APPLYING)
    import_apply_batch(run_id=run.pk, batch_size=10)  # the unor tree
    import_apply_batch(run_id=run.pk, batch_size=10)  # the first employees: their posts are created
    counts = []
    for size in (10, 30):
        posts = Position.objects.count()
        with CaptureQueriesContext(connection) as queries:
            assert import_apply_batch(run_id=run.pk, batch_size=size)
        counts.append(len(queries))
        assert Position.objects.count() > posts  # each batch also creates posts (COPY + history + ids)
    # 12: the run, the records (without their data), the posts missing (found by the database in the
    # records), the posts' agencies and units, their keys, COPY and history COPY, the new employees with
    # their history rows (one INSERT ... SELECT from the records, where the keys from the sequence, a
    # COPY and a history COPY were; the preview found them all new: no look-up of their NIPs), the run's
    # mark; and the savepoint's two
    assert counts[0] == counts[1] == 12, counts
    assert Employee.objects.count() == 50 and Employee.history.count() == 50


def test_key_in_finds_the_rows_the_in_lookup_finds(settings):
    bulk.insert_with_history(Employee, employees())
    wanted = ["199101012016032002", "nobody", "199001012015031001'; --", ""]
    expected = sorted(Employee.objects.filter(nip__in=wanted).values_list("nip", flat=True))
    assert expected == ["199101012016032002"]
    assert sorted(
        Employee.objects.filter(bulk.key_in(Employee, "nip", wanted)).values_list("nip", flat=True)
    ) == (expected)
    assert not Employee.objects.filter(bulk.key_in(Employee, "nip", [])).exists()


def test_a_whole_import_writes_the_same_rows_with_copy_and_without(siasn_fake, settings):
    """Preview and apply of one region, COPY on (keys from the sequences, agencies and units in bulk,
    relaxed commits) and off (Django's bulk_create): the same agencies, units with their parents,
    posts, employees and change-history rows, then the same records."""
    from instansi.models import Agency, Unit

    siasn_fake.generate(employees=40, agencies=2, units_per_agency=2)
    for agency in [u for u in siasn_fake.units if u["DiatasanId"] == siasn_fake.instansi_id]:
        child = next(u for u in siasn_fake.units if u["DiatasanId"] == agency["Id"])
        grandchild = siasn_fake.add_unit(name=f"Seksi di {child['NamaUnor']}", parent=child["Id"])
        siasn_fake.add_unit(name=f"Subseksi di {grandchild['NamaUnor']}", parent=grandchild["Id"])
    models = (Agency, Unit, Position, Employee)

    def written():
        def by_siasn(model, pk):
            return model.objects.filter(pk=pk).values_list("siasn_id", flat=True).first() if pk else None

        rows = {
            "agencies": sorted(Agency.objects.values_list("code", "name", "kind", "siasn_id")),
            "units": sorted(
                (u.code, u.name, u.agency.siasn_id, by_siasn(Unit, u.parent_id)) for u in Unit.objects.all()
            ),
            "posts": sorted(
                Position.objects.values_list("code", "title", "kind", "agency__code", "unit__code")
            ),
            "employees": table(Employee, "created_at", "updated_at", "position_id", "position_agency_id"),
            "holders": sorted(Employee.objects.values_list("nip", "position__code", "position_agency__code")),
        }
        for model in models:
            history = model.history.model
            # one creation row each, under the row's own key
            rows[f"{model.__name__} history"] = sorted(history.objects.values_list("history_type", flat=True))
            assert sorted(history.objects.values_list("id", flat=True)) == sorted(
                model.objects.values_list("pk", flat=True)
            )
        rows["records"] = sorted(ImportRecord.objects.values_list("nip", "outcome", "to_apply", "reason"))
        return rows

    def run_import():
        region = Region.objects.create(name="Kabupaten Contoh", kind="kabupaten")
        run = import_preview(run_id=ImportRun.objects.create(region=region, source="webservice").pk)
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.APPLYING)
        from siasn.services.imports import import_apply

        run = import_apply(run_id=run.pk)
        assert run.status == ImportStatus.DONE and run.done == 40
        return written()

    copied = run_import()
    assert len(copied["units"]) == 8 and sum(parent is not None for *_x, parent in copied["units"]) == 4
    for model in (ImportRecord, Employee, Position, Unit, Agency):
        model.objects.all().delete()
    for model in models:
        model.history.all().delete()
    ImportRun.objects.all().delete()
    Region.objects.all().delete()
    settings.SIASN_BULK_COPY = False
    assert run_import() == copied


def test_without_history_the_copy_writes_the_rows_alone(settings):
    settings.SIMPLE_HISTORY_ENABLED = False
    ids = bulk.insert_with_history(Employee, employees())
    assert ids == [Employee.objects.get(nip=row["nip"]).pk for row in employees()]
    assert not Employee.history.exists()
    copied = table(Employee, "created_at", "updated_at")
    Employee.objects.all().delete()
    settings.SIMPLE_HISTORY_ENABLED = True
    bulk.insert_with_history(Employee, employees())
    assert table(Employee, "created_at", "updated_at") == copied


@requires_postgres()  # the COPY path and its session setting are PostgreSQL's
def test_relaxed_commits_are_this_session_only_and_reset_after():
    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    before = setting()
    with bulk.relaxed_commits():
        assert setting() == "off"
    assert setting() == before
    with pytest.raises(ZeroDivisionError), bulk.relaxed_commits():
        1 / 0  # noqa: B018 - the error inside
    assert setting() == before


def test_the_database_writes_the_new_employees_the_plain_path_writes(run, settings):
    """On PostgreSQL the apply has the database write the new employees from the records' JSON
    (`bulk.insert_select_with_history`); the plain path builds them here (`_model_values`). Both give
    the same rows and history rows: awkward text, a key left out (its default), a null kept, the post by
    its code, an employee already here beside them (changed, read and compared here)."""
    from instansi.models import Agency

    agency = Agency.objects.create(
        region=run.region, code="S-1", name="Dinas Satu", kind="dinas", siasn_id="A1"
    )
    post = {"unor_id": "A1", "agency_unor_id": "A1", "position_title": "Analis", "position_kind": "pelaksana",
            "position_code": "SIASN-POST-1"}  # fmt: skip
    full = {
        "nip": "199001012015031001", "siasn_id": None, "name": AWKWARD[:150], "front_title": "Dr.",
        "back_title": "S.Kom.", "birth_date": "1990-01-01", "gender": "L", "status": "pns", "golongan": "III/a",
        "education_level": "s1", "is_active": True, "tmt_cpns": "2015-03-01", "position_since": None,
        "under_sanction": True, "sanction_until": "2027-01-31", "on_study_assignment": False, "study_until": None,
        **post,
    }  # fmt: skip
    # no history flags (a run without histories): the employee gets the fields' defaults
    bare = {k: v for k, v in full.items() if k not in ("under_sanction", "sanction_until", "on_study_assignment",
            "study_until")} | {"nip": "199101012016032002", "siasn_id": "pns-2", "name": "Siti", "gender": "P",
            "is_active": False, "tmt_cpns": None}  # fmt: skip
    here = {**bare, "nip": "199201012017031003", "siasn_id": "pns-3", "name": "Baru di SIASN", "gender": "L"}

    def apply():
        Employee.objects.create(nip=here["nip"], name="Lama", birth_date=dt.date(1992, 1, 1), gender="L",
                                status="pns", education_level="s1")  # fmt: skip
        bulk.insert(
            ImportRecord,
            [
                {
                    "run_id": run.pk,
                    "nip": d["nip"],
                    "name": d["name"],
                    "outcome": Outcome.NEW,
                    "to_apply": True,
                    "data": d,
                }  # fmt: skip
                for d in (full, bare, here)
            ],
        )
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.APPLYING, units_applied=True, done=0,
                                                   applied_through=0)  # fmt: skip
        assert import_apply_batch(run_id=run.pk, batch_size=10)
        history = Employee.history.model
        return (
            table(Employee, "created_at", "updated_at", "position_id"),
            sorted(Employee.objects.values_list("nip", "position__code", "position_agency_id")),
            table(history, "created_at", "history_id", "history_date", "position_id"),
        )

    written = apply()
    assert len(written[0]) == 3 and written[1][0] == (full["nip"], "SIASN-POST-1", agency.pk)
    assert Employee.objects.get(nip=here["nip"]).name == "Baru di SIASN"  # compared and changed here
    assert Employee.objects.get(nip=full["nip"]).name == AWKWARD[:150]
    assert Employee.objects.get(nip=bare["nip"]).under_sanction is False
    for model in (ImportRecord, Employee, Position):
        model.objects.all().delete()
    for model in (Employee, Position):
        model.history.all().delete()
    settings.SIASN_BULK_COPY = False
    assert apply() == written


def test_an_employee_added_here_after_the_preview_is_compared_not_written_twice(siasn_fake, run):
    """The preview found every record new; before the apply HR adds one of them by hand. The batch
    (written by the database on PostgreSQL, each unless its NIP is here) updates that one from SIASN
    and writes the others: one employee per NIP."""
    siasn_fake.generate(employees=12, agencies=1, units_per_agency=1)
    run = import_preview(run_id=run.pk)
    assert set(run.records.values_list("outcome", flat=True)) == {Outcome.NEW}
    record = run.records.order_by("id")[5]
    Employee.objects.create(nip=record.nip, name="Ditambah tangan", birth_date=record.data["birth_date"],
                            gender=record.data["gender"], status="pns", education_level="s1")  # fmt: skip
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.APPLYING)
    while import_apply_batch(run_id=run.pk, batch_size=50):
        pass
    assert Employee.objects.count() == 12
    added = Employee.objects.get(nip=record.nip)
    assert added.name == record.data["name"] and added.position.code == record.data["position_code"]
    assert added.history.count() == 2  # created by hand, then changed by the import
    assert Employee.history.filter(history_type="+").count() == 12


@requires_postgres()  # the second connection's COPY
@pytest.mark.django_db(transaction=True)  # outside a transaction, as the preview's Celery task runs
def test_the_records_written_alongside_are_the_records_written_in_turn(siasn_fake, settings, monkeypatch):
    """The preview hands each chunk's records to a thread with its own connection (`inserts_alongside`)
    and reads on; with the setting off it writes them itself. The same records either way, chunk after
    chunk (seven chunks of 7, the last short)."""
    import threading

    from siasn.services import imports

    siasn_fake.generate(employees=45, agencies=2, units_per_agency=2)
    monkeypatch.setattr(imports, "CHUNK", 7)
    writers = []
    real_insert = bulk.insert

    def insert(model, rows):  # which thread wrote (the real insert does the writing)
        writers.append(threading.current_thread().name)
        real_insert(model, rows)

    monkeypatch.setattr(bulk, "insert", insert)

    def preview():
        writers.clear()
        region = Region.objects.create(name=f"Kabupaten Contoh {Region.objects.count()}", kind="kabupaten")
        run = import_preview(run_id=ImportRun.objects.create(region=region, source="webservice").pk)
        assert run.status == ImportStatus.PREVIEWED and run.total == 45
        return sorted(
            run.records.values_list("nip", "name", "outcome", "changes", "reason", "data", "to_apply"),
            key=repr,
        )

    alongside = preview()
    assert writers[:7] == ["inserts-siasn_importrecord"] * 7  # the records' chunks, by the thread
    settings.SIASN_INSERTS_ALONGSIDE = False
    assert preview() == alongside
    assert writers[:7] == [threading.current_thread().name] * 7


@requires_postgres()
@pytest.mark.django_db(transaction=True)
def test_an_insert_alongside_that_fails_is_raised_and_the_rest_not_written(run):
    row = {"run_id": run.pk, "name": "x", "outcome": Outcome.NEW}
    with pytest.raises(TypeError), bulk.inserts_alongside(ImportRecord) as store:
        store([{**row, "nip": "1"}])
        store([{**row, "nip": "2", "no_such_column": 1}])  # refused in the thread
        for n in range(3, 10):
            store([{**row, "nip": str(n)}])
    assert list(ImportRecord.objects.values_list("nip", flat=True)) == ["1"]

"""Import from SIASN: preview (a dry run that writes only its own records), then apply in batches.

- `import_start`: a run, its preview queued after commit (siasn.tasks.import_preview_task).
- `import_preview`: reads the source once, record by record, in chunks of CHUNK: each record is new,
  changed (field by field), unchanged or refused with its reasons; employees here that SIASN does not
  list are added as "only here". Nothing outside the run's records is written.
- `import_apply_start` / `import_apply_batch`: each batch is one transaction that writes the agencies
  and units (first batch), then SIASN_IMPORT_BATCH employees and moves the run's mark past their
  records (`ImportRun.applied_through`). A worker
  that dies mid-batch leaves nothing of that batch; the task is delivered again and carries on from
  the first record not done. What is written is compared again at apply time, so running the same
  import twice changes nothing the second time.
- After the last batch the filled tables are analysed on PostgreSQL (`analyse_tables`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import access, audit
from core.db import analyse
from core.types import Actor
from instansi.models import Agency, Employee, PlacementHistory, Position, Region, Unit
from kinerja.selectors import recorded_predicates_of
from kinerja.services.recorded import recorded_predicates_sync
from siasn import bulk, permissions
from siasn.client import SiasnClient, SiasnError
from siasn.models import (
    CodeMapping,
    ImportRecord,
    ImportRun,
    ImportSource,
    ImportStatus,
    Outcome,
    SiasnHistory,
)
from siasn.records import (
    HISTORY_KEYS,
    UnitTree,
    agency_kind,
    compare,
    current_values,
    history_changes,
    history_values,
    normalise,
    parse_date,
    short_code,
    text,
)
from siasn.sources import SpreadsheetSource, WebServiceSource

logger = logging.getLogger("siasn.imports")
CHUNK = 1000
# what an apply fills (the records are analysed by the preview, which writes them: the apply no longer does)
ANALYSED_TABLES = (Agency, Unit, Position, Employee, PlacementHistory, SiasnHistory)
SIASN_SOURCE = "siasn"  # kinerja.RecordedPredicate.source of the predicates read from rw-skp22
DATE_FIELDS = ("birth_date", "tmt_cpns", "position_since", "sanction_until", "study_until")


def chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def load_mappings() -> dict[str, dict[str, str]]:
    """The code mappings HR keeps; a kind without any row (never filled, or emptied by a test database
    flush) gets the defaults of siasn/codes.py, as migrations 0002 and 0004 wrote them."""
    from siasn.codes import DEFAULTS

    present = set(CodeMapping.objects.values_list("kind", flat=True).distinct())
    if missing := [kind for kind in DEFAULTS if kind not in present]:
        CodeMapping.objects.bulk_create(
            [
                CodeMapping(kind=kind, siasn_code=code, siasn_name=name, value=value)
                for kind in missing
                for code, (name, value) in DEFAULTS[kind].items()
            ],
            ignore_conflicts=True,
        )
    out: dict[str, dict[str, str]] = {kind: {} for kind in DEFAULTS}
    for kind, code, value in CodeMapping.objects.values_list("kind", "siasn_code", "value"):
        out.setdefault(kind, {})[code] = value
    return out


@transaction.atomic
def import_start(
    *, region: Region, source: str, actor: Actor, file=None, with_histories: bool = False
) -> ImportRun:
    access.require(permissions.may_manage(actor), _("Hanya BKPSDM yang dapat mengimpor dari SIASN."))
    if source == ImportSource.SPREADSHEET and not file:
        raise ValidationError({"file": _("Pilih berkas ekspor SIASN (XLSX atau CSV).")})
    run = ImportRun.objects.create(
        region=region,
        source=source,
        with_histories=with_histories,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if file:
        run.file.save(getattr(file, "name", "siasn.xlsx"), file, save=True)
    audit.record(actor=actor, action="siasn.import.start", target=run, note=run.source)
    from siasn.tasks import import_preview_task

    transaction.on_commit(lambda: import_preview_task.delay(run.pk))
    return run


def _source(run: ImportRun, client: SiasnClient | None):
    if run.source == ImportSource.SPREADSHEET:
        with run.file.open("rb") as fh:
            content = fh.read()
        return SpreadsheetSource(content=content, filename=run.file.name)
    return WebServiceSource(client or SiasnClient(), with_histories=run.with_histories)


def _classify(
    raw: dict, *, tree: UnitTree, mappings: dict, today: dt.date, existing: dict, histories_here: dict
) -> dict:
    """The ImportRecord row (field -> value) of one source record."""
    values, reasons = normalise(raw, tree=tree, mappings=mappings, today=today)
    nip, name = values.get("nip", ""), values.get("name", "")
    if reasons:
        return {"nip": nip[:40], "name": name[:200], "outcome": Outcome.REFUSED, "reason": "; ".join(reasons)}
    # history rows refused (malformed) do not refuse the employee: listed with the record, the rest imported
    note = "; ".join(values.get("history_refused", []))
    here = existing.get(nip)
    if here is None:
        changes = history_changes({}, values)
        return {"nip": nip, "name": name, "outcome": Outcome.NEW, "changes": changes, "data": values, "reason": note,
                "to_apply": True}  # fmt: skip
    changes = compare(current_values(here), values)
    changes.update(history_changes(histories_here.get(here.pk, {}), values))
    outcome = Outcome.CHANGED if changes else Outcome.UNCHANGED
    # histories read: applied even when unchanged, to record when they were read (siasn_checked_at)
    to_apply = bool(changes) or "histories" in values
    return {"nip": nip, "name": name, "outcome": outcome, "changes": changes, "data": values, "reason": note,
            "to_apply": to_apply}  # fmt: skip


def _placement_row(p: PlacementHistory) -> dict:
    """A placement here in the shape of `siasn.records.history_values`' placements."""
    return {
        "siasn_id": p.siasn_id,
        "start": p.start.isoformat(),
        "end": p.end.isoformat() if p.end else None,
        "title": p.position_title,
        "agency": p.agency_name,
        "decree_number": p.decree_number,
        "decree_date": p.decree_date.isoformat() if p.decree_date else None,
    }


def _histories_here(employee_ids: list[int], mappings: dict) -> dict[int, dict]:
    """What earlier imports brought of rw-jabatan, rw-golongan and rw-skp22, per employee (3 queries)."""
    if not employee_ids:
        return {}
    out: dict[int, dict] = {eid: {"placements": [], "ranks": [], "skp": []} for eid in employee_ids}
    for p in PlacementHistory.objects.filter(employee_id__in=employee_ids, siasn_id__isnull=False).order_by(
        "start", "pk"
    ):
        out[p.employee_id]["placements"].append(_placement_row(p))
    raw: dict[int, list[dict]] = {}
    for eid, data in SiasnHistory.objects.filter(
        employee_id__in=employee_ids, kind="rw-golongan"
    ).values_list("employee_id", "data"):
        raw.setdefault(eid, []).append(data)
    for eid, rows in raw.items():
        out[eid]["ranks"] = history_values(
            {"_histories": {"rw-golongan": rows}}, tree=UnitTree(rows={}, root=None), mappings=mappings,
            today=timezone.localdate(),
        )["ranks"]  # fmt: skip
    for eid, rows in recorded_predicates_of(source=SIASN_SOURCE, employee_ids=employee_ids).items():
        out[eid]["skp"] = [{"year": y, "predicate": p, "siasn_id": sid} for y, p, sid in rows]
    return out


def import_preview(*, run_id: int, client: SiasnClient | None = None) -> ImportRun:
    run = ImportRun.objects.get(pk=run_id)
    if run.status not in (ImportStatus.QUEUED, ImportStatus.PREVIEWING):
        return run
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.PREVIEWING, error="")
    run.records.all().delete()  # a preview that died half-way starts again
    today = timezone.localdate()
    try:
        source = _source(run, client)
        units = source.units()
        tree = UnitTree.build(units, instansi_id=settings.SIASN_INSTANSI_ID)
        mappings = load_mappings()
        # one commit a chunk (autocommit), written alongside the reading of the next
        with bulk.relaxed_commits(), bulk.inserts_alongside(ImportRecord) as store:
            for chunk in chunked(source.records(), CHUNK):
                nips = [text(r.get("nipBaru")) for r in chunk]
                existing = {
                    e.nip: e
                    for e in Employee.objects.filter(bulk.key_in(Employee, "nip", nips)).select_related(
                        "position"
                    )
                }
                read = any(r.get("_histories") is not None for r in chunk)
                here = _histories_here([e.pk for e in existing.values()], mappings) if read else {}
                rows = [
                    _classify(
                        r, tree=tree, mappings=mappings, today=today, existing=existing, histories_here=here
                    )
                    for r in chunk
                ]
                for row in rows:
                    row["run_id"] = run.pk
                store(rows)
    except (SiasnError, ValidationError) as exc:
        message = str(exc) if isinstance(exc, SiasnError) else " ".join(exc.messages)
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.FAILED, error=message, finished_at=timezone.now()
        )
        run.records.all().delete()
        logger.warning("SIASN import %s preview failed: %s", run.pk, type(exc).__name__)
        run.refresh_from_db()
        return run
    # the apply reads the records to apply in id order, a batch at a time: planned on a table it believes
    # empty, each batch read every pending record and sorted them (100,000 employees: 8 s of the apply)
    analyse_tables([ImportRecord])
    _refuse_duplicates(run)
    _add_absent(run, tree)
    counts = dict(run.records.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    counts = {o: counts.get(o, 0) for o in Outcome.values}
    if run.with_histories:
        # per history: the employees whose rows change; and the employees with a history row refused
        kept = run.records.exclude(outcome__in=(Outcome.REFUSED, Outcome.ABSENT))
        counts.update({kind: kept.filter(changes__has_key=kind).count() for kind in HISTORY_KEYS})
        counts["history_refused"] = kept.exclude(reason="").count()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.PREVIEWED,
        units=units,
        counts=counts,
        total=run.records.filter(to_apply=True).count(),
        done=0,
        applied_through=0,
    )
    run.refresh_from_db()
    return run


def _refuse_duplicates(run: ImportRun) -> None:
    """A NIP given twice by SIASN: every copy after the first is refused (SQL, no set of NIPs in memory)."""
    dupes = (
        run.records.exclude(outcome=Outcome.REFUSED)
        .values("nip")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("nip", flat=True)
    )
    for nip in dupes:
        first = run.records.filter(nip=nip).order_by("id").values_list("id", flat=True).first()
        run.records.filter(nip=nip).exclude(id=first).update(
            outcome=Outcome.REFUSED,
            to_apply=False,
            data={},
            reason=_("NIP %(nip)s muncul lebih dari sekali di sumber.") % {"nip": nip},
        )


def _add_absent(run: ImportRun, tree: UnitTree) -> None:
    agencies = [r.get("Id") for r in tree.agencies()]
    absent = (
        Employee.objects.filter(is_active=True, position_agency__siasn_id__in=agencies)
        .exclude(nip__in=run.records.values("nip"))
        .values_list("nip", "name")
    )
    for chunk in chunked(absent.iterator(chunk_size=CHUNK), CHUNK):
        reason = _("Ada di Simutasi, tidak ada di SIASN: periksa dan nonaktifkan bila perlu.")
        bulk.insert(
            ImportRecord,
            [
                {"run_id": run.pk, "nip": nip, "name": name, "outcome": Outcome.ABSENT, "reason": reason}
                for nip, name in chunk
            ],
        )


@transaction.atomic
def import_apply_start(*, run_id: int, actor: Actor) -> ImportRun:
    access.require(permissions.may_manage(actor), _("Hanya BKPSDM yang dapat menerapkan impor SIASN."))
    run = ImportRun.objects.select_for_update().get(pk=run_id)
    if run.status not in (ImportStatus.PREVIEWED, ImportStatus.APPLYING):
        raise ValidationError(_("Impor hanya dapat diterapkan setelah pratinjau siap."))
    run.status = ImportStatus.APPLYING
    run.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="siasn.import.apply", target=run, data={"total": run.total})
    from siasn.tasks import import_apply_task

    transaction.on_commit(lambda: import_apply_task.delay(run.pk))
    return run


def import_apply_batch(*, run_id: int, batch_size: int | None = None) -> bool:
    """One transaction: the unor tree (the first time), else the next batch. False when finished.

    Batches go in id order; each moves the run's mark (`applied_through`) to its last record in its
    own transaction, so a batch reads the records to apply after the mark: a worker that died leaves
    the mark where the last committed batch put it. Starting the scan at the mark skips the index
    entries of the records already applied (without it each batch scanned them all again: 100,000
    employees, 17.8 s of the 28 s apply, profiled)."""
    batch_size = batch_size or settings.SIASN_IMPORT_BATCH
    with transaction.atomic():
        # the unor tree read only by the first batch (a JSON of every unit, read and decoded by each)
        run = ImportRun.objects.select_for_update().defer("units", "counts").get(pk=run_id)
        if run.status != ImportStatus.APPLYING:
            return False
        if not run.units_applied:
            _apply_units(run)
            run.units_applied = True
            run.save(update_fields=["units_applied", "updated_at"])
            return True
        records = _pending(run, batch_size)
        if not records:
            run.status = ImportStatus.DONE
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "finished_at", "updated_at"])
            return False
        _apply_records(run, records)
        run.done += len(records)
        run.applied_through = records[-1].pk
        run.save(update_fields=["done", "applied_through", "updated_at"])
    return True


def import_apply(*, run_id: int) -> ImportRun:
    """Every remaining batch, then ANALYZE. What the Celery task runs; safe to run again."""
    with bulk.relaxed_commits():
        while import_apply_batch(run_id=run_id):
            pass
    run = ImportRun.objects.get(pk=run_id)
    if run.status == ImportStatus.DONE and not run.analysed:
        analyse_tables()
        ImportRun.objects.filter(pk=run_id).update(analysed=True)
        run.analysed = True
    return run


def analyse_tables(models: Iterable = ANALYSED_TABLES) -> None:
    """Refresh the planner's statistics of the tables the import filled (`core.db.analyse`)."""
    analyse(models)


def _apply_units(run: ImportRun) -> None:
    """The agencies and units of the unor tree: the new ones by `bulk.insert_with_history` (one call
    for the agencies, one per level of new units: a unit's parent is written before it), a renamed or
    moved one saved. Until 2026-12-06 each new one was saved alone with its history row: 280 of them
    for 40 agencies x 6 units, 0.5 s of the apply profiled."""
    tree = UnitTree.build(run.units, instansi_id=settings.SIASN_INSTANSI_ID)
    agencies = {a.siasn_id: a for a in Agency.objects.filter(siasn_id__in=list(tree.rows))}
    agency_pk = {sid: a.pk for sid, a in agencies.items()}
    new = []
    for row in tree.agencies():
        sid, name = text(row.get("Id")), text(row.get("NamaUnor"))
        agency = agencies.get(sid)
        if agency is None:
            new.append({"region_id": run.region_id, "code": short_code("S", sid), "name": name or sid,
                        "kind": agency_kind(name), "siasn_id": sid})  # fmt: skip
        elif name and agency.name != name:
            agency.name = name
            agency.save(update_fields=["name", "updated_at"])
    agency_pk.update(zip([r["siasn_id"] for r in new], bulk.insert_with_history(Agency, new), strict=True))
    units = {u.siasn_id: u for u in Unit.objects.filter(siasn_id__in=list(tree.rows))}
    unit_pk = {sid: u.pk for sid, u in units.items()}
    new, new_ids = [], set()
    for row in tree.units():  # parents first
        sid, name = text(row.get("Id")), text(row.get("NamaUnor"))
        agency_id = agency_pk[tree.agency_of[sid]]
        parent_sid = tree.unit_parent(sid) or ""
        if parent_sid in new_ids:  # its parent is new too: written first
            unit_pk.update(_insert_units(new))
            new, new_ids = [], set()
        parent_id = unit_pk.get(parent_sid)
        unit = units.get(sid)
        if unit is None:
            new.append({"agency_id": agency_id, "parent_id": parent_id, "code": short_code("SIASN-", sid, length=20),
                        "name": name or sid, "siasn_id": sid})  # fmt: skip
            new_ids.add(sid)
        elif (name and unit.name != name) or unit.agency_id != agency_id or unit.parent_id != parent_id:
            unit.name, unit.agency_id, unit.parent_id = name or unit.name, agency_id, parent_id
            unit.save()
    unit_pk.update(_insert_units(new))


def _insert_units(rows: list[dict]) -> Iterable[tuple[str, int]]:
    return zip([r["siasn_id"] for r in rows], bulk.insert_with_history(Unit, rows), strict=True)


class Pending(NamedTuple):
    """A record of the run still to apply: (pk, nip, outcome, data) rows, not model instances (the batch
    only reads them). `data` is None when it was not read: the database writes a new employee from it."""

    pk: int
    nip: str
    outcome: str
    data: dict | None


def _pending(run: ImportRun, batch_size: int) -> list[Pending]:
    """The next records to apply. On PostgreSQL their data is read only where Python needs it: the
    histories, and the employees already here (compared again); `_insert_new` has the database write
    the new ones from the records themselves."""
    pending = run.records.filter(to_apply=True, id__gt=run.applied_through).order_by("id")
    if run.with_histories or not bulk.copy_enabled():
        return [Pending(*row) for row in pending.values_list("pk", "nip", "outcome", "data")[:batch_size]]
    return [Pending(*row, None) for row in pending.values_list("pk", "nip", "outcome")[:batch_size]]


def _read(records: list[Pending], nips: set[str]) -> list[Pending]:
    """`records` with the data of those whose NIP is in `nips` read (one query)."""
    unread = [r.pk for r in records if r.data is None and r.nip in nips]
    if not unread:
        return records
    data = dict(ImportRecord.objects.filter(pk__in=unread).values_list("pk", "data"))
    return [r._replace(data=data[r.pk]) if r.pk in data else r for r in records]


def _positions(records: list[Pending]) -> dict[str, int]:
    """code -> pk of the posts of the records read here, each post created when missing (with those
    of the records left unread, which the database finds: `_missing_posts`)."""
    needed = {r.data["position_code"]: r.data for r in records if r.data is not None}
    have = (
        dict(
            Position.objects.filter(bulk.key_in(Position, "code", needed))
            .order_by()
            .values_list("code", "pk")
        )
        if needed
        else {}
    )
    missing = {code: d for code, d in needed.items() if code not in have}
    missing.update(_missing_posts([r.pk for r in records if r.data is None]))
    if missing:
        unor_ids = {d["unor_id"] for d in missing.values()} | {d["agency_unor_id"] for d in missing.values()}
        agency_pk = dict(Agency.objects.filter(siasn_id__in=unor_ids).values_list("siasn_id", "pk"))
        unit_pk = dict(Unit.objects.filter(siasn_id__in=unor_ids).values_list("siasn_id", "pk"))
        ids = bulk.insert_with_history(
            Position,
            [
                {
                    "agency_id": agency_pk[d["agency_unor_id"]],
                    "unit_id": unit_pk.get(d["unor_id"]),
                    "code": code,
                    "title": d["position_title"][:200],
                    "kind": d["position_kind"],
                }
                for code, d in missing.items()
            ],
        )
        have.update(zip(missing, ids, strict=True))
    return have


# the keys of a record's data written as they are on the employee (the others: DATE_FIELDS, position_code)
PLAIN_FIELDS = frozenset(
    ("siasn_id", "name", "front_title", "back_title", "gender", "status", "golongan", "education_level",
     "is_active", "under_sanction", "on_study_assignment")
)  # fmt: skip


def _model_values(data: dict, positions: dict[str, int]) -> dict:
    out = {key: value for key, value in data.items() if key in PLAIN_FIELDS}
    for key in DATE_FIELDS:
        if key in data:
            out[key] = parse_date(data[key])
    if "position_code" in data:
        out["position_id"] = positions[data["position_code"]]
    return out


def _apply_records(run: ImportRun, records: list[Pending]) -> None:
    # none of them was here at the preview: the database writes them, each unless its NIP has come since
    # (then compared below like any employee here; the ones just written are unchanged). The batches of
    # a first import: no look-up of a batch of NIPs that are not here (4 ms for 500)
    fresh = all(r.data is None and r.outcome == Outcome.NEW for r in records)
    if fresh and _insert_new(records, _positions(records)) == len(records):
        return
    existing = {
        e.nip: e
        for e in Employee.objects.filter(
            bulk.key_in(Employee, "nip", [r.nip for r in records])
        ).select_related("position")
    }
    records = _read(records, set(existing))
    positions = _positions(records)
    new, changed, fields = [], [], set()
    for record in records:
        employee = existing.get(record.nip)
        if employee is None:
            new.append(record)
            continue
        diff = compare(
            current_values(employee), record.data
        )  # again: the row may have moved since the preview
        if not diff:
            continue
        values = _model_values({k: record.data[k] for k in diff}, positions)
        for name, value in values.items():
            setattr(employee, name, value)
        fields.update(values)
        changed.append(employee)
    _insert_new(new, positions)
    if changed:
        bulk_update_with_history(changed, Employee, fields=sorted(fields), batch_size=CHUNK)
    _store_histories(records)


def _insert_new(records: list[Pending], positions: dict[str, int]) -> int:
    """The new employees with their change-history rows; how many were written. On PostgreSQL written
    by the database from the records' data (`bulk.insert_select_with_history`, one statement: what
    `_model_values` gives, read from the same keys), each unless its NIP is here; elsewhere, and for
    records already read, built here (`_model_values`)."""
    read = [{"nip": r.nip, **_model_values(r.data, positions)} for r in records if r.data is not None]
    if read:
        bulk.insert_with_history(Employee, read)
    unread = [r.pk for r in records if r.data is None]
    if not unread:
        return len(read)
    select, source = _new_employee_sql()
    return len(read) + bulk.insert_select_with_history(Employee, select, source, [unread])


# the record's data read by the database: jsonb_to_record's column types (a text goes into a varchar
# column by assignment, so a value too long is refused as COPY refuses it, not cut)
def _record_type(field) -> str:
    return "text" if isinstance(field, models.CharField | models.TextField) else field.db_type(connection)


@functools.cache
def _new_employee_sql() -> tuple[dict[str, str], str]:
    """`_model_values` in SQL, from the same keys: (attname -> expression, the FROM clause of the
    records whose ids are the one parameter, less those whose NIP is here). A key the data leaves out
    gives the field's default; `position_code` gives the post with that code."""
    quote = connection.ops.quote_name
    keys = sorted(PLAIN_FIELDS | set(DATE_FIELDS))
    columns = ", ".join(f"{quote(k)} {_record_type(Employee._meta.get_field(k))}" for k in keys)
    select = {key: f"CASE WHEN r.data ? '{key}' THEN d.{quote(key)} ELSE {{default}} END" for key in keys}
    select["nip"] = "r.nip"
    select["position_id"] = "CASE WHEN r.data ? 'position_code' THEN p.id ELSE {default} END"
    source = (
        f"{quote(ImportRecord._meta.db_table)} r "  # noqa: S608 - names from _meta and constants
        f"CROSS JOIN LATERAL jsonb_to_record(r.data) AS d({columns}, position_code text) "
        f"LEFT JOIN {quote(Position._meta.db_table)} p ON p.code = d.position_code "
        # "NIP not here" as one index probe a record: a subquery with LIMIT is not made a join, which a
        # table the import fills and has not analysed may plan as a hash of every employee (26 ms a batch
        # of 2,000 at 100,000 employees, against 2 ms for the probes)
        f"LEFT JOIN LATERAL (SELECT 1 AS here FROM {quote(Employee._meta.db_table)} e WHERE e.nip = r.nip "
        "LIMIT 1) found ON true "
        "WHERE r.id = ANY(%s) AND found.here IS NULL ORDER BY r.id"
    )
    return select, source


def _missing_posts(record_ids: list[int]) -> dict[str, dict]:
    """code -> the data of a record naming it, for each post the records name that is not here yet (read
    by the database from the records)."""
    if not record_ids:
        return {}
    quote = connection.ops.quote_name
    keys = ("position_title", "position_kind", "unor_id", "agency_unor_id")
    with connection.cursor() as cursor:
        # the other keys read only from the rows left (mostly none: 1 ms a batch of 500, where reading
        # all five keys of every row took 3 ms)
        cursor.execute(
            f"SELECT DISTINCT ON (c.code) c.code, {', '.join('r.data->>%s' for _k in keys)} "  # noqa: S608
            f"FROM {quote(ImportRecord._meta.db_table)} r "
            "CROSS JOIN LATERAL (SELECT r.data->>'position_code' AS code) c "
            "WHERE r.id = ANY(%s) AND c.code IS NOT NULL AND NOT EXISTS "
            f"(SELECT FROM {quote(Position._meta.db_table)} p WHERE p.code = c.code) "
            "ORDER BY c.code, r.id",
            [*keys, record_ids],
        )
        return {code: dict(zip(keys, values, strict=True)) for code, *values in cursor.fetchall()}


def _store_histories(records: list[Pending]) -> None:
    """The histories read from SIASN, each into its home, writing only what differs from the rows here
    (a second import writes nothing): rw-jabatan -> instansi.PlacementHistory (with its change
    history), rw-skp22 -> kinerja.RecordedPredicate, the others -> SiasnHistory; and when they were
    read (the eligibility rules' "stale" check; a plain UPDATE: a refreshed timestamp is not a change
    of the employee's record)."""
    # a record left unread holds none: histories are read only by a run that asks for them (`_pending`)
    with_histories = [r for r in records if r.data is not None and "histories" in r.data]
    if not with_histories:
        return
    ids = dict(Employee.objects.filter(nip__in=[r.nip for r in with_histories]).values_list("nip", "pk"))
    Employee.objects.filter(pk__in=ids.values()).update(siasn_checked_at=timezone.now())
    _store_raw_histories(with_histories, ids)
    _store_placements([r for r in with_histories if "placements" in r.data], ids)
    recorded_predicates_sync(
        source=SIASN_SOURCE,
        rows={
            ids[r.nip]: [(s["year"], s["predicate"], s["siasn_id"]) for s in r.data["skp"]]
            for r in with_histories
            if "skp" in r.data
        },
    )


def _store_raw_histories(records: list[Pending], ids: dict[str, int]) -> None:
    def key(employee_id, kind, item) -> tuple:
        start = (
            item.get("tanggalMulai")
            or item.get("hukumanTanggal")
            or item.get("tmtHukuman")
            or item.get("tmtGolongan")
        )
        end = item.get("tanggalSelesai") or item.get("akhirHukumTanggal")
        return (employee_id, kind, text(item.get("id"))[:64], _safe_date(start), _safe_date(end),
                json.dumps(item, sort_keys=True, default=str))  # fmt: skip

    wanted = {
        key(ids[r.nip], kind, item): item
        for r in records
        for kind, items in r.data["histories"].items()
        for item in items
    }
    gone = []
    for row in SiasnHistory.objects.filter(employee_id__in=ids.values()):
        k = key(row.employee_id, row.kind, row.data)
        if k in wanted and wanted[k] is not None:
            wanted[k] = None  # already here
        else:
            gone.append(row.pk)
    if gone:
        SiasnHistory.objects.filter(pk__in=gone).delete()
    SiasnHistory.objects.bulk_create(
        [
            SiasnHistory(employee_id=k[0], kind=k[1], siasn_id=k[2], start=k[3], end=k[4], data=item)
            for k, item in wanted.items()
            if item is not None
        ],
        batch_size=CHUNK,
    )


PLACEMENT_FIELDS = {
    "siasn_id": "siasn_id", "start": "start", "end": "end", "title": "position_title", "agency": "agency_name",
    "decree_number": "decree_number", "decree_date": "decree_date",
}  # fmt: skip


def _store_placements(records: list[Pending], ids: dict[str, int]) -> None:
    """rw-jabatan's definitive placements as PlacementHistory rows: matched by their SIASN id, else a
    row written here with the same start (a transfer Simutasi executed) is adopted; a SIASN row no longer
    listed is removed; an open row written here that started before SIASN's current placement is closed
    the day before it. The open (last) placement keeps an end given here."""
    today = timezone.localdate()
    here: dict[int, list[PlacementHistory]] = {ids[r.nip]: [] for r in records}
    for p in PlacementHistory.objects.filter(employee_id__in=list(here)).order_by("start", "pk"):
        here[p.employee_id].append(p)
    new, changed, gone, fields = [], [], [], set()
    for record in records:
        employee_id, incoming = ids[record.nip], record.data["placements"]
        rows = here[employee_id]
        by_sid = {p.siasn_id: p for p in rows if p.siasn_id}
        local = {p.start.isoformat(): p for p in rows if not p.siasn_id}
        for i, item in enumerate(incoming):
            values = {
                model_field: parse_date(item[key]) if key in ("start", "end", "decree_date") else item[key]
                for key, model_field in PLACEMENT_FIELDS.items()
            }
            row = by_sid.pop(item["siasn_id"], None) or local.pop(item["start"], None)
            if row is None:
                new.append(PlacementHistory(employee_id=employee_id, **values))
                continue
            if i == len(incoming) - 1:
                values.pop("end")
            diff = {f: v for f, v in values.items() if getattr(row, f) != v}
            if diff:
                for f, v in diff.items():
                    setattr(row, f, v)
                fields.update(diff)
                changed.append(row)
        gone += [p.pk for p in by_sid.values()]
        current = [item["start"] for item in incoming if item["start"] <= today.isoformat()]
        if current:
            since = parse_date(current[-1])
            for row in local.values():
                if row.end is None and row.start < since:
                    row.end = since - dt.timedelta(days=1)
                    fields.add("end")
                    changed.append(row)
    if gone:
        PlacementHistory.objects.filter(pk__in=gone).delete()  # one change-history row each (signals)
    if new:
        bulk_create_with_history(new, PlacementHistory, batch_size=CHUNK)
    if changed:
        bulk_update_with_history(changed, PlacementHistory, fields=sorted(fields), batch_size=CHUNK)


def _safe_date(value) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None

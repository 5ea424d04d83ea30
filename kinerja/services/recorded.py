"""Annual predicates recorded outside Simutasi (kinerja.models.RecordedPredicate): what SIASN's
`rw-skp22` holds for an employee, kept equal to the source by one call per batch of employees."""

from __future__ import annotations

from django.utils import timezone

from kinerja.models import RecordedPredicate


def recorded_predicates_sync(*, source: str, rows: dict[int, list[tuple[int, str, str]]]) -> int:
    """Make the `source` predicates of each employee in `rows` exactly `rows[employee id]`, a list of
    (year, predicate, id in the source); an employee with an empty list keeps none. Rows that already
    agree are not written. Runs inside the caller's transaction; returns the number of rows written."""
    if not rows:
        return 0
    here = {
        (p.employee_id, p.year): p
        for p in RecordedPredicate.objects.filter(employee_id__in=list(rows), source=source)
    }
    wanted = {(eid, year): (predicate, sid) for eid, items in rows.items() for year, predicate, sid in items}
    new, changed = [], []
    for (eid, year), (predicate, sid) in wanted.items():
        row = here.get((eid, year))
        if row is None:
            new.append(
                RecordedPredicate(
                    employee_id=eid, year=year, predicate=predicate, source=source, source_id=sid
                )
            )
        elif (row.predicate, row.source_id) != (predicate, sid):
            row.predicate, row.source_id, row.updated_at = predicate, sid, timezone.now()
            changed.append(row)
    gone = [row.pk for key, row in here.items() if key not in wanted]
    if new:
        RecordedPredicate.objects.bulk_create(new)
    if changed:
        RecordedPredicate.objects.bulk_update(changed, ["predicate", "source_id", "updated_at"])
    if gone:
        RecordedPredicate.objects.filter(pk__in=gone).delete()
    return len(new) + len(changed) + len(gone)

"""siasn 0005: the per-record `pending` flag becomes the run's mark (`applied_through`) and the
records' `to_apply`. Runs already previewed, half applied or done answer "still to apply" for every
record exactly as the flag did, and the flag comes back when migrated backwards."""

import pytest

from tests.migrating import migrate

BEFORE = [("siasn", "0004_skp_predicate_mapping")]
# (outcome, data, pending) in id order: a half-applied run, then a run done and one only previewed
APPLYING = [
    ("refused", {}, False),
    ("new", {"nip": "1"}, False),
    ("unchanged", {"nip": "2"}, False),
    ("changed", {"nip": "3"}, False),
    ("unchanged", {"nip": "4", "histories": {}}, False),
    ("absent", {}, False),
    ("new", {"nip": "5"}, True),
    ("refused", {}, False),
    ("unchanged", {"nip": "6", "histories": {}}, True),
    ("changed", {"nip": "7"}, True),
]
DONE = [("new", {"nip": "8"}, False), ("unchanged", {"nip": "9"}, False), ("refused", {}, False)]
PREVIEWED = [("refused", {}, False), ("new", {"nip": "10"}, True), ("unchanged", {"nip": "11"}, False)]


def _seed(apps):
    Region = apps.get_model("instansi", "Region")
    ImportRun = apps.get_model("siasn", "ImportRun")
    ImportRecord = apps.get_model("siasn", "ImportRecord")
    region = Region.objects.create(name="Kabupaten Lama", kind="kabupaten")
    expected = {}
    for status, rows in (("applying", APPLYING), ("done", DONE), ("previewed", PREVIEWED)):
        run = ImportRun.objects.create(region=region, source="webservice", status=status)
        for n, (outcome, data, pending) in enumerate(rows):
            record = ImportRecord.objects.create(
                run=run, nip=f"{status}-{n}", outcome=outcome, data=data, pending=pending
            )
            expected[record.nip] = pending
    return expected


@pytest.mark.django_db(transaction=True)
def test_the_mark_answers_what_the_flags_answered_both_ways():
    from siasn.models import ImportRecord

    try:
        expected = _seed(migrate(BEFORE))
        migrate()
        records = ImportRecord.objects.select_related("run")
        assert {r.nip: r.pending for r in records} == expected
        assert set(ImportRecord.objects.pending().values_list("nip", flat=True)) == {
            nip for nip, pending in expected.items() if pending
        }
        # what was applied is to apply too: the new, the changed and the unchanged with histories
        assert set(ImportRecord.objects.applied().values_list("nip", flat=True)) == {
            "applying-1", "applying-3", "applying-4", "done-0"
        }  # fmt: skip

        old = migrate(BEFORE)
        back = old.get_model("siasn", "ImportRecord").objects.values_list("nip", "pending")
        assert dict(back) == expected
    finally:
        migrate()  # whatever happened, the next test finds the latest schema

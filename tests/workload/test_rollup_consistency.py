"""The unit and agency rows of a workload run follow from their posts (issue 18 point 4): for every
unit and agency of the demo region, hours, holders, required and EJ/PJ are what the post rows give,
posts outside any unit included. Runs on the database `make test` uses (SQLite or PostgreSQL): the
Sekretariat of Dinas Perhubungan once showed EJ 0,000 / PJ E on SQLite while its only post had 0,630 / D.
"""

import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command

from instansi.models import Agency, Policy
from workload.models import WorkloadLevel, WorkloadResult, WorkloadRun, WorkloadRunStatus

pytestmark = pytest.mark.django_db


def _ej(hours: Decimal, current: int, effective: int) -> Decimal | None:
    if current <= 0:
        return None
    return (Decimal(hours) / (current * effective)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def test_every_unit_and_agency_row_of_the_demo_region_follows_from_its_posts():
    call_command("seed_demo", employees=300, stdout=io.StringIO())
    run = WorkloadRun.objects.filter(status=WorkloadRunStatus.FINISHED).latest("pk")
    policy = Policy.objects.get(region_id=run.region_id)
    effective = policy.effective_hours_per_year
    rows = list(WorkloadResult.objects.filter(run=run).select_related("position"))
    posts = [r for r in rows if r.level == WorkloadLevel.POSITION]
    assert any(r.unit_id is None for r in posts), "the demo region has posts outside any unit"

    by_unit, by_agency = defaultdict(list), defaultdict(list)
    for r in posts:
        by_agency[r.agency_id].append(r)
        if r.unit_id is not None:
            by_unit[r.unit_id].append(r)

    def expected(group):
        analysed = [p for p in group if p.analysed]
        hours = sum((p.workload_hours for p in group), Decimal(0))
        current = sum(p.current for p in analysed)
        ej = _ej(hours, current, effective) if analysed else None
        return {
            "workload_hours": hours,
            "current": current,
            "required": sum(p.required for p in analysed) if analysed else None,
            "ej": ej,
            "pj": policy.pj_for(ej) or "",
        }

    checked = {"unit": 0, "agency": 0}
    for r in rows:
        if r.level == WorkloadLevel.UNIT:
            group = by_unit[r.unit_id]
        elif r.level == WorkloadLevel.AGENCY:
            group = by_agency[r.agency_id]
        else:
            continue
        if not group:
            continue
        got = {k: getattr(r, k) for k in ("workload_hours", "current", "required", "ej", "pj")}
        got["pj"] = got["pj"] or ""
        assert got == expected(group), (r.level, r.unit_id or r.agency_id)
        checked[r.level] += 1
    assert (
        checked["unit"] > 10
        and checked["agency"] == Agency.objects.filter(positions__isnull=False).distinct().count()
    )

    dishub_secretariat = next(
        r
        for r in rows
        if r.level == WorkloadLevel.UNIT and r.agency.code == "DISHUB" and r.unit.name == "Sekretariat"
    )
    assert dishub_secretariat.ej is not None and dishub_secretariat.ej > 0

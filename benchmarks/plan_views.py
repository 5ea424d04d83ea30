"""The demo region's plan against what its employees said (issue 21, point 4).

    DATABASE_URL=postgres://.../<db> .venv/bin/python manage.py seed_demo --employees 2000
    DATABASE_URL=postgres://.../<db> .venv/bin/python benchmarks/plan_views.py [--write-docs]

Builds one plan for the whole demo region as HR (`bkpsdm`) starts it (planning.services.plan_build,
then the task body), and prints its summary: moves that follow a stated wish, moves against one (a
dislike, or a circumstance that does not protect), moves with no stated view; how many people the
protecting circumstances kept out, and the plan's figures. `--write-docs` puts the table into
docs/BENCHMARKS.md between the `plan-stated-views` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from core.models import User  # noqa: E402
from instansi.demo import demo_region  # noqa: E402
from instansi.models import Employee  # noqa: E402
from mutasi.models import Circumstance, PlacementPreference  # noqa: E402
from planning import selectors, services  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    region = demo_region()
    if region is None:
        sys.exit("Run `manage.py seed_demo` first.")
    hr = User.objects.get(username="bkpsdm")
    started = time.perf_counter()
    plan = services.plan_build(actor=hr, region=region, name="Ukur keinginan pegawai")
    plan = services.plan_compute(plan_id=plan.pk)
    seconds = time.perf_counter() - started
    summary = selectors.plan_view_summary(plan=plan)
    respect = plan.solver_stats.get("respect", {})
    talent = plan.solver_stats.get("talent", {})
    employees = Employee.objects.filter(position__agency__region=region, is_active=True).count()
    lines = [
        f"Measured {dt.date.today().isoformat()} with `benchmarks/plan_views.py` on `seed_demo` "
        f"({employees:,} active employees; {PlacementPreference.objects.count():,} standing wishes/dislikes, "
        f"{Circumstance.objects.count():,} circumstances): one plan for the whole region as HR starts it "
        f"({seconds:.1f} s end to end, plan #{plan.pk}).",
        "",
        "| plan summary | moves |",
        "|---|---:|",
        *[f"| {row['label']} ({row['code']}) | {row['count']:,} |" for row in summary],
        f"| total moves | {plan.slots_filled:,} of {plan.slots_total:,} slots |",
        "",
        f"Candidates {plan.candidates_total:,}, of whom {respect.get('with_stated_view', 0):,} stated a view; "
        f"kept out by a protecting circumstance: {respect.get('protected_any_move', 0):,} from every move, "
        f"{respect.get('protected_other_agency', 0):,} from other agencies; objected pairs left out: "
        f"{respect.get('objected_pairs', 0):,}.",
        f"Talent (issue 20): managerial or key posts among the short posts: {talent.get('talent_posts', 0):,}; "
        f"candidates with a box in the latest grid: {talent.get('candidates_with_box', 0):,}, of whom "
        f"{talent.get('low_box_candidates', 0):,} in boxes 1-3 (never placed into such a post).",
    ]
    body = "\n".join(lines)
    print(body)
    if args.write_docs:
        from benchmarks._common import replace_section

        replace_section("plan-stated-views", body)


if __name__ == "__main__":
    main()

"""Benchmark of the transfer plan optimiser (issue 6, point 7).

    .venv/bin/python benchmarks/planning.py [--sizes 1000x100,10000x1000,50000x5000] [--repeat 3]
                                            [--milp-limit 900]

For each size (candidates x slots) one synthetic region (planning.synthetic, fixed seed) is scored
and solved by the exact min-cost-flow solver (the production path), by the greedy baseline (best
pair first) and by the independent exact solver (scipy milp / HiGHS) on the same instance in the
same run. Times are medians of `--repeat` runs (milp: one run, stopped at `--milp-limit` seconds).
Prints a Markdown table for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from planning import baselines, scoring, solver, synthetic  # noqa: E402
from planning.solver import build_problem  # noqa: E402


def median_time(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run(n: int, slots: int, *, repeat: int, milp_limit: float, seed: int = 2026) -> dict:
    region = synthetic.generate(n, slots, seed=seed)
    score_s, (scores, _enc) = median_time(
        lambda: scoring.score_pairs(region.candidates, region.posts, region.weights), repeat
    )
    problem, _ = build_problem(
        candidate_origin=region.candidates.origin,
        origin_capacity=region.origin_capacity,
        post_capacity=region.posts.shortage,
        post_agency_id=region.posts.agency_id,
        arc_cand=scores.cand,
        arc_post=scores.post,
        arc_fit=scores.fit,
    )
    flow_s, flow = median_time(lambda: solver.solve(problem), repeat)
    greedy_s, greedy = median_time(lambda: baselines.greedy(problem), repeat)
    started = time.perf_counter()
    milp = baselines.exact_milp(problem, time_limit=milp_limit)
    milp_s = time.perf_counter() - started
    return {
        "size": f"{n:,} x {slots:,}",
        "posts": problem.n_posts,
        "pairs": len(problem.arc_fit),
        "network": flow.stats.get("arcs_in_network", 0),
        "score_s": score_s,
        "flow_s": flow_s,
        "total_s": score_s + flow_s,
        "flow": (flow.filled, flow.total_fit / 100),
        "greedy": (greedy.filled, greedy.total_fit / 100),
        "greedy_s": greedy_s,
        "milp": (milp.filled, milp.total_fit / 100),
        "milp_s": milp_s,
        "milp_status": milp.stats.get("status"),
        "equal": (flow.filled, flow.total_fit) == (milp.filled, milp.total_fit),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000x100,10000x1000,50000x5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--milp-limit", type=float, default=900.0)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPU; repeat={args.repeat}; milp time limit {args.milp_limit:.0f} s\n")
    print(
        "| candidates x slots | posts | pairs >= min fit | in network | score s | flow s | score+flow s "
        "| flow: filled / total fit | greedy: filled / total fit (s) | milp: filled / total fit (s, status) | flow = milp |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes.split(","):
        n, slots = (int(x) for x in size.split("x"))
        repeat = args.repeat if n <= 10_000 else 1
        r = run(n, slots, repeat=repeat, milp_limit=args.milp_limit)
        print(
            f"| {r['size']} | {r['posts']:,} | {r['pairs']:,} | {r['network']:,} | {r['score_s']:.2f} | "
            f"{r['flow_s']:.2f} | {r['total_s']:.2f} | {r['flow'][0]:,} / {r['flow'][1]:,.2f} | "
            f"{r['greedy'][0]:,} / {r['greedy'][1]:,.2f} ({r['greedy_s']:.2f}) | "
            f"{r['milp'][0]:,} / {r['milp'][1]:,.2f} ({r['milp_s']:.1f}, {r['milp_status']}) | "
            f"{'yes' if r['equal'] else 'NO'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

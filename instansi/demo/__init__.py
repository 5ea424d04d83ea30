"""Demo region "Pemerintah Kota Manna" (DESIGN.md section 8): reference data and the bulk seeder.

Split by subject: `reference` (the data tables), `plan` (units and posts, pure Python), `people`
(employees from a fixed random seed), `builders` (bulk writes, groups, accounts, `seed`). The public
API is re-exported here, so callers keep using `instansi.demo.seed` and friends.

`python manage.py seed_demo [--employees N]` calls `seed()`. The seed is deterministic (a fixed random
seed) and idempotent: agencies, units and posts are keyed by code, employees by NIP, tasks are only
written for posts that have none, accounts are get-or-create. It scales by adding service units
(puskesmas, schools, kelurahan, terminals ...) and kecamatan as N grows, at about one post per six
employees, and writes everything with `bulk_create` in batches (no per-row save or full_clean: the
NIPs are generated valid by `instansi.nip.make_nip`).

ABK story (REGULATION.md 2: hours = sum(volume x minutes) / 60; required = round_half_up(hours / 1250)):
task volumes are derived from each post's holder count so that Dinas Kesehatan (and RSUD, puskesmas)
is short of medical and administrative staff, Dinas Perhubungan has a surplus on its pelaksana posts,
and the rest is near balance, at any `--employees` scale.
"""

from instansi.demo.builders import (
    GROUP_PERMISSIONS,
    SeedReport,
    demo_region,
    ensure_accounts,
    ensure_groups,
    seed,
)
from instansi.demo.plan import Plan, build_plan
from instansi.demo.reference import DEFAULT_EMPLOYEES, DEMO_PASSWORD, DEMO_REGION_NAME, PERSONAS, Persona

__all__ = [
    "DEFAULT_EMPLOYEES",
    "DEMO_PASSWORD",
    "DEMO_REGION_NAME",
    "GROUP_PERMISSIONS",
    "PERSONAS",
    "Persona",
    "Plan",
    "SeedReport",
    "build_plan",
    "demo_region",
    "ensure_accounts",
    "ensure_groups",
    "seed",
]

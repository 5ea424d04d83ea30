"""Demo talent data for `seed_demo` (issue 20 "Must show"), called by the seed command after kinerja's
demo (it needs two closed years of final SKP).

Idempotent: group permissions are added, assessments are written only for employees without one, key
posts are marked once, and a grid and succession plans are computed only when the region has none.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from instansi.models import Employee, Region
from talenta import rules
from talenta.choices import AssessmentSource, GridStatus
from talenta.models import Assessment, KeyPost, TalentGrid
from talenta.services.grid import talent_grid_compute, talent_grid_start
from talenta.services.succession import key_posts_mark_defaults, succession_plan_compute

# The talenta admin for each group (instansi's demo grants the other apps): HR enters assessments and
# edits the rubric and key posts; the performance team and the auditor read.
GROUP_PERMISSIONS = {"hr": r"^(add|change|view)_", "performance_team": r"^view_", "auditor": r"^view_"}


def ensure_group_permissions() -> None:
    for name, pattern in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="talenta", codename__regex=pattern)
        )


RANDOM_SEED = 20200301
BATCH = 5000
# Most managerial and senior posts have been assessed, about half of the rest; some results expired.
ASSESSED_SHARE_SENIOR = 0.85
ASSESSED_SHARE_OTHER = 0.6
EXPIRED_SHARE = 0.12
SENIOR_KINDS = ("jpt_madya", "jpt_pratama", "administrator", "pengawas", "ahli_madya", "ahli_muda")
ASSESSORS = (
    "UPT Penilaian Kompetensi BKPSDM",
    "Assessment Center BKN Kantor Regional",
    "Pusat Penilaian Kompetensi Provinsi",
)
# Key posts whose succession plans are computed by the seed (the others wait for HR): every key post of
# a region up to this many employees (the default demo has 2,000); above it only Dinas Kesehatan's, where
# the demo story needs staff. At 100,000 employees an administrator post's pool holds about 4,000
# candidates and all 90 plans took 117 s (2026-12-06), Dinas Kesehatan's 5 plans 7.7 s.
STORY_AGENCY = "Dinkes"
ALL_PLANS_UP_TO_EMPLOYEES = 5000


def _out(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _scores(rnd: random.Random, senior: bool) -> tuple[Decimal, Decimal, Decimal]:
    base = rnd.gauss(76 if senior else 71, 7)
    return tuple(Decimal(str(round(min(98.0, max(45.0, base + rnd.gauss(0, 4))), 2))) for _ in range(3))


def seed_assessments(region: Region, today: dt.date) -> int:
    """Assessments for employees of the region who have none (deterministic per employee id)."""
    rows = (
        Employee.objects.filter(position__agency__region=region, is_active=True, assessments__isnull=True)
        .exclude(position__special_role="regional_head")
        .values_list("pk", "position__kind", "user_id")
        .order_by("pk")
    )
    new = []
    for pk, kind, user_id in rows.iterator(chunk_size=BATCH):
        senior = kind in SENIOR_KINDS or user_id is not None
        local = random.Random(RANDOM_SEED + pk)
        if user_id is None and local.random() > (ASSESSED_SHARE_SENIOR if senior else ASSESSED_SHARE_OTHER):
            continue
        expired = user_id is None and local.random() < EXPIRED_SHARE
        assessed_on = today - dt.timedelta(
            days=local.randint(1300, 1800) if expired else local.randint(60, 900)
        )
        m, s, t = _scores(local, senior)
        new.append(
            Assessment(
                employee_id=pk,
                assessed_on=assessed_on,
                managerial_score=m,
                sociocultural_score=s,
                technical_score=t,
                assessor=ASSESSORS[pk % len(ASSESSORS)],
                valid_until=rules.validity_end(assessed_on, 3),
                source=AssessmentSource.IMPORT,
            )
        )
    for start in range(0, len(new), BATCH):
        Assessment.objects.bulk_create(new[start : start + BATCH], ignore_conflicts=True)
    return len(new)


def seed(*, region: Region, stdout=None, employees: int = 0, today: dt.date | None = None) -> None:
    """Talent data of the demo region: assessments, key posts, a grid and succession plans."""
    today = today or timezone.localdate()
    ensure_group_permissions()
    added = seed_assessments(region, today)
    _out(stdout, f"  penilaian kompetensi baru: {added}")
    marked = key_posts_mark_defaults(actor=None, region=region)
    _out(stdout, f"  jabatan kunci baru: {marked}")
    grid = TalentGrid.objects.filter(region=region, status=GridStatus.FINISHED).order_by("-pk").first()
    if grid is None or added:
        grid = talent_grid_compute(grid_id=talent_grid_start(actor=None, region=region, as_of=today).pk)
        _out(stdout, f"  kotak talenta #{grid.pk}: {grid.entries_total} pegawai")
    key_posts = KeyPost.objects.filter(is_active=True, position__agency__region=region, plans__isnull=True)
    if Employee.objects.filter(position__agency__region=region).count() > ALL_PLANS_UP_TO_EMPLOYEES:
        key_posts = key_posts.filter(position__agency__short_name=STORY_AGENCY)
    planned = 0
    for key_post in key_posts.select_related("position").order_by("pk"):
        succession_plan_compute(actor=None, key_post=key_post, grid=grid)
        planned += 1
    _out(stdout, f"  rencana suksesi baru: {planned}")

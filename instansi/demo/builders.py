"""Writing the demo region to the database: bulk inserts keyed by code/NIP (idempotent), groups and
demo accounts, and `seed`, the entry point of `manage.py seed_demo`."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import audit
from core.models import User
from instansi.choices import RegionKind
from instansi.demo.people import People
from instansi.demo.plan import Plan, PostSpec, build_plan, task_rows
from instansi.demo.reference import (
    BATCH,
    DEFAULT_EMPLOYEES,
    DEMO_PASSWORD,
    DEMO_REGION_NAME,
    PERSONAS,
    RANDOM_SEED,
)
from instansi.models import Agency, Employee, PlacementHistory, Policy, Position, Region, Unit


def demo_region() -> Region | None:
    """The demo region, or None before `seed_demo` ran (used by other apps' demo seeds and tests)."""
    return Region.objects.filter(name=DEMO_REGION_NAME).first()


# --- Writing to the database -----------------------------------------------------------------------

Say = Callable[[str], None]


@dataclass
class SeedReport:
    region: Region
    counts: dict[str, int]
    timings: dict[str, float]


def _phase(timings: dict, say: Say, label: str):
    class _Timer:
        def __enter__(self):
            self.t = time.perf_counter()
            say(_("%(label)s ...") % {"label": label})

        def __exit__(self, *exc):
            timings[label] = time.perf_counter() - self.t
            if exc[0] is None:
                say(_("  selesai dalam %(s)s detik") % {"s": number_format(timings[label], 1)})

    return _Timer()


def ensure_region() -> Region:
    region, _created = Region.objects.get_or_create(
        name=DEMO_REGION_NAME, defaults={"kind": RegionKind.KOTA, "code": "MANNA"}
    )
    Policy.objects.get_or_create(region=region)  # every default of REGULATION.md
    return region


def ensure_agencies(region: Region, plan: Plan) -> dict[str, int]:
    Agency.objects.bulk_create(
        [
            Agency(
                region=region, code=a.code, name=a.name, short_name=a.short, kind=a.kind, is_hr_agency=a.is_hr
            )
            for a in plan.agencies
        ],
        ignore_conflicts=True,
    )
    return dict(Agency.objects.filter(region=region).values_list("code", "id"))


def ensure_units(plan: Plan, agency_ids: dict[str, int]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for with_parent in (False, True):  # parents (sekretariat) first, then their subbagian
        rows = [
            Unit(agency_id=agency_ids[u.agency], code=u.code, name=u.name, parent_id=ids.get(u.parent))
            for u in plan.units
            if (u.parent is not None) == with_parent
        ]
        Unit.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        ids.update(Unit.objects.filter(agency_id__in=agency_ids.values()).values_list("code", "id"))
    return ids


def ensure_positions(plan: Plan, agency_ids: dict[str, int], unit_ids: dict[str, int]) -> dict[str, int]:
    """Posts level by level so each `superior` exists before its subordinates."""
    ids: dict[str, int] = {}
    for depth in sorted({p.depth for p in plan.posts}):
        level = [p for p in plan.posts if p.depth == depth]
        rows = [
            Position(
                agency_id=agency_ids[p.agency],
                unit_id=unit_ids.get(p.unit),
                superior_id=ids.get(p.superior),
                code=p.code,
                title=p.title,
                kind=p.kind,
                grade=p.grade,
                is_head=p.is_head,
                special_role=p.special_role,
                required_education_levels=[str(x) for x in p.levels],
                required_education_fields=list(p.fields),
                competency_tags=list(p.tags),
            )  # fmt: skip
            for p in level
        ]
        Position.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        codes = [p.code for p in level]
        for i in range(0, len(codes), BATCH):
            ids.update(Position.objects.filter(code__in=codes[i : i + BATCH]).values_list("code", "id"))
    heads = {p.agency: ids[p.code] for p in plan.posts if p.is_head}
    agencies = list(Agency.objects.filter(id__in=agency_ids.values(), head_position__isnull=True))
    for agency in agencies:
        agency.head_position_id = heads.get(agency.code)
    Agency.objects.bulk_update(agencies, ["head_position"], batch_size=BATCH)
    return ids


def ensure_tasks(region: Region, plan: Plan, post_ids: dict[str, int], effective_hours: int) -> int:
    """Uraian tugas for every post that has none (a re-run or HR's own edits are left alone).

    The model is looked up by name: it belongs to the workload app, which instansi does not import."""
    WorkloadTask = apps.get_model("workload", "WorkloadTask")  # noqa: N806 - a model class
    have = set(
        WorkloadTask.objects.filter(position__agency__region=region)
        .values_list("position_id", flat=True)
        .distinct()
    )
    rnd = random.Random(RANDOM_SEED + 2)
    rows: list = []
    created = 0
    for post in plan.posts:
        pid = post_ids[post.code]
        if pid in have:
            continue
        for description, unit, volume, minutes in task_rows(post, effective_hours, rnd):
            rows.append(
                WorkloadTask(
                    position_id=pid, description=description, output_unit=unit,
                    annual_volume=volume, standard_minutes=minutes,
                )
            )  # fmt: skip
        if len(rows) >= BATCH:
            created += len(WorkloadTask.objects.bulk_create(rows, batch_size=BATCH))
            rows = []
    created += len(WorkloadTask.objects.bulk_create(rows, batch_size=BATCH))
    return created


def ensure_employees(region: Region, plan: Plan, post_ids: dict[str, int], today: dt.date, say: Say) -> int:
    """Employees and their placement history, in batches; an existing NIP is left as it is.

    A region that already holds the planned number of employees is complete: nothing is generated,
    which keeps a re-run on a later day (when generated dates would differ) from adding people.
    """
    expected = sum(p.holders for p in plan.posts)
    if Employee.objects.filter(position__agency__region=region).count() >= expected:
        _link_persona_nips(plan, post_ids)
        return 0
    people = People(plan, today)
    agency_names = {a.code: a.name for a in plan.agencies}
    titles_by_agency: dict[str, list[str]] = defaultdict(list)
    for p in plan.posts:
        titles_by_agency[p.agency].append(p.title)
    rnd = random.Random(RANDOM_SEED + 3)
    created = 0
    batch: list[tuple[Employee, PostSpec]] = []

    def flush() -> int:
        nips = [e.nip for e, _p in batch]
        existing = set(Employee.objects.filter(nip__in=nips).values_list("nip", flat=True))
        new = [(e, p) for e, p in batch if e.nip not in existing]
        for e, p in new:
            e.position_id = post_ids[p.code]
        with transaction.atomic():
            Employee.objects.bulk_create([e for e, _p in new], batch_size=BATCH)
            placements = []
            for e, p in new:
                people.decree_no += 1
                placements.append(
                    PlacementHistory(
                        employee_id=e.pk, position_id=e.position_id, position_title=p.title,
                        agency_name=agency_names[p.agency], start=e.position_since,
                        decree_number=f"821.2/{people.decree_no}/BKPSDM/{e.position_since.year}",
                        decree_date=e.position_since - dt.timedelta(days=14),
                    )
                )  # fmt: skip
                previous_start = max(e.tmt_cpns, e.position_since - dt.timedelta(days=365 * 4))
                if rnd.random() < 0.3 and previous_start < e.position_since - dt.timedelta(days=30):
                    placements.append(
                        PlacementHistory(
                            employee_id=e.pk, position_id=None,
                            position_title=rnd.choice(titles_by_agency[p.agency]),
                            agency_name=agency_names[rnd.choice(plan.agencies).code],
                            start=previous_start, end=e.position_since - dt.timedelta(days=1),
                            decree_number=f"821.2/{people.decree_no}a/BKPSDM/{previous_start.year}",
                        )
                    )  # fmt: skip
            PlacementHistory.objects.bulk_create(placements, batch_size=BATCH)
        return len(new)

    for item in people.stream():
        batch.append(item)
        if len(batch) >= BATCH:
            created += flush()
            batch = []
            if created and created % 50000 < BATCH:
                say(_("  %(n)d pegawai ...") % {"n": created})
    if batch:
        created += flush()
    _link_persona_nips(plan, post_ids)
    return created


def _link_persona_nips(plan: Plan, post_ids: dict[str, int]) -> None:
    """Remember which Employee is which persona (the first holder of its post with the persona's name)."""
    for username, code in plan.personas.items():
        persona = PERSONAS[username]
        emp = (
            Employee.objects.filter(position_id=post_ids[code], name=persona.name, birth_date=persona.birth)
            .only("id")
            .first()
        )
        if emp is not None:
            plan.persona_employee_ids[username] = emp.pk


GROUP_PERMISSIONS = {
    # HR keeps master data and runs transfers (DESIGN.md section 1); reads the core tables.
    # Transfer plans (planning) are built and applied by HR; their admin is read-only plus HR's actions.
    "hr": {
        "add_change_view": ("instansi", "workload", "kinerja", "mutasi", "planning", "django_celery_beat"),
        "view": ("core",),
    },
    # The performance team advises on managerial moves: reads organisation and appraisal data.
    "performance_team": {"add_change_view": (), "view": ("instansi", "workload", "kinerja", "mutasi")},
    # The auditor reads everything (transfer plans included) and changes nothing.
    "auditor": {
        "add_change_view": (),
        "view": ("core", "instansi", "workload", "kinerja", "mutasi", "planning", "django_celery_beat"),
    },
}


def ensure_groups() -> dict[str, Group]:
    groups = {}
    for name, spec in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label__in=spec["add_change_view"],
            codename__regex=r"^(add|change|view)_",
        ) | Permission.objects.filter(content_type__app_label__in=spec["view"], codename__startswith="view_")
        group.permissions.add(*perms)
        groups[name] = group
    return groups


def ensure_accounts(plan: Plan, groups: dict[str, Group]) -> dict[str, User]:
    """Demo accounts (password demo12345), hashed once and shared: hashing is the slow part.

    They are seeded as if their owners had already changed the initial password
    (`must_change_password` off): the demo, the tests and the benchmarks sign in with demo12345 and go
    straight to work (README "Demo accounts"). Accounts HR creates in the admin start with it on."""
    password = make_password(DEMO_PASSWORD)
    users = {}
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "password": password,
            "must_change_password": False,
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Administrator",
        },
    )
    users["admin"] = admin
    employee_ids = plan.persona_employee_ids
    for username, persona in PERSONAS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "password": password,
                "must_change_password": False,
                "first_name": persona.name,
                "is_staff": persona.staff,
                "email": f"{username}@mannakota.go.id",
            },
        )
        if persona.groups:
            user.groups.add(*(groups[g] for g in persona.groups))
        emp_id = employee_ids.get(username)
        if emp_id and not Employee.objects.filter(user=user).exists():
            Employee.objects.filter(pk=emp_id, user__isnull=True).update(user=user)
        users[username] = user
    return users


def seed(
    *, employees: int = DEFAULT_EMPLOYEES, say: Say = lambda s: None, today: dt.date | None = None
) -> SeedReport:
    """Build (or complete) the demo region. Safe to run again: existing rows are kept as they are."""
    today = today or timezone.localdate()  # the region's day (Asia/Jakarta), not the server's
    timings: dict[str, float] = {}
    with _phase(timings, say, _("Menyusun rencana struktur organisasi")):
        plan = build_plan(employees)
    with _phase(timings, say, _("Pemerintah daerah dan perangkat daerah")), transaction.atomic():
        region = ensure_region()
        agency_ids = ensure_agencies(region, plan)
    with _phase(timings, say, _("Unit kerja")), transaction.atomic():
        unit_ids = ensure_units(plan, agency_ids)
    with _phase(timings, say, _("Jabatan")), transaction.atomic():
        post_ids = ensure_positions(plan, agency_ids, unit_ids)
    with _phase(timings, say, _("Uraian tugas dan norma waktu (ABK)")), transaction.atomic():
        effective_hours = region.policy.effective_hours_per_year
        tasks = ensure_tasks(region, plan, post_ids, effective_hours)
    with _phase(timings, say, _("Pegawai dan riwayat jabatan")):
        new_employees = ensure_employees(region, plan, post_ids, today, say)
    with _phase(timings, say, _("Grup, hak akses dan akun demo")), transaction.atomic():
        users = ensure_accounts(plan, ensure_groups())
        audit.record(
            actor=None,
            action="demo.seed",
            target=region,
            note=_("Data demo dibuat/dilengkapi: %(n)d pegawai baru.") % {"n": new_employees},
            data={"employees": employees, "new_employees": new_employees, "new_tasks": tasks},
        )
    counts = {
        "agencies": len(agency_ids),
        "units": len(unit_ids),
        "positions": len(post_ids),
        "new_tasks": tasks,
        "new_employees": new_employees,
        "accounts": len(users),
    }
    return SeedReport(region=region, counts=counts, timings=timings)

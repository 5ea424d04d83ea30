"""The plan of the demo region: which units and posts exist and how many people hold each post, built
in pure Python from the reference data (no database), deterministic for a given number of employees."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from instansi.choices import SpecialRole
from instansi.demo.reference import (
    AGENCIES,
    DEFAULT_EMPLOYEES,
    EMPLOYEES_PER_POST,
    PLACES,
    RANDOM_SEED,
    STAFF,
    SUBBAG,
    TASKS,
    AgencyDef,
    D,
    Division,
    K,
    P,
)

# --- The plan: pure Python, no database ------------------------------------------------------------


@dataclass
class UnitSpec:
    code: str
    agency: str
    name: str
    parent: str | None = None


@dataclass
class PostSpec:
    code: str
    agency: str
    unit: str | None
    superior: str | None
    depth: int
    title: str
    kind: str
    grade: int
    tasks: str
    levels: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    weight: int = 0  # 0 = a single-holder managerial post
    story: str = "balance"
    is_head: bool = False
    special_role: str = ""
    holders: int = 0
    required: int = 0


@dataclass
class Plan:
    employees: int
    agencies: list[AgencyDef]
    units: list[UnitSpec] = field(default_factory=list)
    posts: list[PostSpec] = field(default_factory=list)
    personas: dict[str, str] = field(default_factory=dict)  # username -> post code
    persona_employee_ids: dict[str, int] = field(default_factory=dict)  # filled after the insert


WALIKOTA_POST = "SETDA-0000"
SEKDA_POST = "SETDA-0001"


def agency_defs(employees: int) -> list[AgencyDef]:
    """The ~20 agencies, plus one more kecamatan per 20,000 employees (a bigger city has more)."""
    extra = []
    template = AGENCIES[-1]
    for n in range(employees // 20000):
        place = f"{PLACES[n % len(PLACES)]}{'' if n < len(PLACES) else f' {n // len(PLACES) + 1}'}"
        code = f"KEC-{n + 4:03d}"
        extra.append(
            AgencyDef(
                code, f"Kecamatan {place}", f"Kec. {place}", K.KECAMATAN, f"Camat {place}",
                tuple(D(d.name, d.head_title.replace("Kota Manna Utara", place), d.staff, d.head_kind) for d in template.divisions),
                "Sekretaris Kecamatan", SUBBAG, upt=template.upt, upt_weight=1,
            )
        )  # fmt: skip
    return [*AGENCIES, *extra]


class _Builder:
    def __init__(self, employees: int):
        self.plan = Plan(employees=employees, agencies=agency_defs(employees))
        self.post_seq: dict[str, int] = defaultdict(int)
        self.unit_seq: dict[str, int] = defaultdict(int)

    def unit(self, agency: str, name: str, parent: str | None = None) -> str:
        self.unit_seq[agency] += 1
        code = f"{agency}-U{self.unit_seq[agency]:04d}"
        self.plan.units.append(UnitSpec(code, agency, name, parent))
        return code

    def post(self, agency: AgencyDef | str, **kw) -> PostSpec:
        code_prefix = agency if isinstance(agency, str) else agency.code
        code = f"{code_prefix}-{self.post_seq[code_prefix]:04d}"
        self.post_seq[code_prefix] += 1
        spec = PostSpec(code=code, agency=code_prefix, **kw)
        self.plan.posts.append(spec)
        return spec

    def manager(self, a: AgencyDef, title: str, kind: str, unit, superior, depth) -> PostSpec:
        grade = {P.JPT_PRATAMA: 14, P.ADMINISTRATOR: 12, P.PENGAWAS: 9}.get(kind, 10)
        return self.post(
            a, unit=unit, superior=superior, depth=depth, title=title, kind=kind, grade=grade, tasks="lead"
        )

    def staff(self, a: AgencyDef, key: str, unit, superior: PostSpec, suffix: str = "") -> PostSpec:
        s = STAFF[key]
        story = a.story
        if story == "surplus" and s.kind != P.PELAKSANA:
            story = "balance"  # the Dishub surplus sits on its pelaksana posts (DESIGN.md section 8)
        title = f"{s.title} {suffix}".strip()
        return self.post(
            a, unit=unit, superior=superior.code, depth=superior.depth + 1, title=title, kind=s.kind,
            grade=s.grade, tasks=s.tasks, levels=s.levels, fields=s.fields, tags=s.tags, weight=s.weight, story=story,
        )  # fmt: skip

    def division(self, a: AgencyDef, d: Division, parent_unit, superior: PostSpec) -> PostSpec:
        unit = self.unit(a.code, d.name, parent_unit)
        head = self.manager(a, d.head_title, d.head_kind, unit, superior.code, superior.depth + 1)
        for key in d.staff:
            self.staff(a, key, unit, head)
        return head

    def agency(self, a: AgencyDef, sekda: PostSpec) -> None:
        if a.code == "SETDA":
            head = sekda
        else:
            head = self.manager(a, a.head_title, P.JPT_PRATAMA, None, sekda.code, sekda.depth + 1)
            head.is_head = True
        if a.secretary_title:
            sek_unit = self.unit(a.code, "Sekretariat")
            sek = self.manager(a, a.secretary_title, P.ADMINISTRATOR, sek_unit, head.code, head.depth + 1)
            for d in a.subdivisions:
                self.division(a, d, sek_unit, sek)
        for d in a.divisions:
            self.division(a, d, None, head)

    def upt(self, a: AgencyDef, n: int) -> None:
        head = next(p for p in self.plan.posts if p.agency == a.code and p.is_head)
        place = PLACES[n % len(PLACES)]
        if n >= len(PLACES):
            place = f"{place} {n // len(PLACES) + 1}"
        if a.upt.unit.startswith("SD Negeri"):
            place = f"{n + 1} Kota Manna"
        unit = self.unit(a.code, a.upt.unit.format(place=place))
        boss = self.manager(
            a, a.upt.head_title.format(place=place), a.upt.head_kind, unit, head.code, head.depth + 1
        )
        for key in a.upt.staff:
            self.staff(a, key, unit, boss, suffix="")

    def build(self) -> Plan:
        walikota = self.post(
            "SETDA", unit=None, superior=None, depth=0, title="Walikota Manna", kind=P.JPT_UTAMA, grade=17,
            tasks="lead", special_role=SpecialRole.REGIONAL_HEAD,
        )  # fmt: skip
        sekda = self.post(
            "SETDA", unit=None, superior=walikota.code, depth=1, title="Sekretaris Daerah", kind=P.JPT_PRATAMA,
            grade=15, tasks="lead", is_head=True, special_role=SpecialRole.SECRETARY,
        )  # fmt: skip
        assert (walikota.code, sekda.code) == (WALIKOTA_POST, SEKDA_POST)
        for a in self.plan.agencies:
            self.agency(a, sekda)
        self.add_upts()
        self.allocate_holders()
        self.pick_personas()
        self.set_required()
        return self.plan

    def add_upts(self) -> None:
        """More service units as N grows, keeping about EMPLOYEES_PER_POST employees per post."""
        missing = self.plan.employees // EMPLOYEES_PER_POST - len(self.plan.posts)
        hosts = [a for a in self.plan.agencies if a.upt]
        if missing <= 0 or not hosts:
            return
        slots = [a for a in hosts for _ in range(a.upt_weight)]
        per_upt = sum(len(a.upt.staff) + 1 for a in slots) / len(slots)
        counters: dict[str, int] = defaultdict(int)
        for i in range(math.ceil(missing / per_upt)):
            a = slots[i % len(slots)]
            self.upt(a, counters[a.code])
            counters[a.code] += 1

    def allocate_holders(self) -> None:
        """Managerial posts get one holder each; the rest is shared by staff-post weight (largest remainder)."""
        managers = [p for p in self.plan.posts if p.weight == 0]
        staff = [p for p in self.plan.posts if p.weight > 0]
        for p in managers:
            p.holders = 1
        left = max(0, self.plan.employees - len(managers))
        base = 1 if left >= len(staff) else 0
        left -= base * len(staff)
        total_weight = sum(p.weight for p in staff) or 1
        shares = [(left * p.weight / total_weight, i) for i, p in enumerate(staff)]
        for (share, _i), p in zip(shares, staff, strict=True):
            p.holders = base + int(share)
        rest = left - sum(int(s) for s, _ in shares)
        for _share, i in sorted(shares, key=lambda t: (-(t[0] - int(t[0])), t[1]))[:rest]:
            staff[i].holders += 1

    def pick_personas(self) -> None:
        posts = self.plan.posts
        by_title = {(p.agency, p.title): p for p in posts}
        angkutan_head = by_title[("DISHUB", "Kepala Bidang Angkutan")]
        pegawai_post = next(
            p for p in posts if p.superior == angkutan_head.code and p.title == STAFF["angkutan"].title
        )
        pegawai_post.holders = max(pegawai_post.holders, 3)  # a surplus post: pegawai's move makes sense
        self.plan.personas = {
            "walikota": WALIKOTA_POST,
            "sekda": SEKDA_POST,
            "kadinkes": next(p.code for p in posts if p.agency == "DINKES" and p.is_head),
            "kadishub": next(p.code for p in posts if p.agency == "DISHUB" and p.is_head),
            "atasan": angkutan_head.code,
            "pegawai": pegawai_post.code,
            "bkpsdm": next(
                p.code for p in posts if p.agency == "BKPSDM" and p.title == STAFF["analis_sdm"].title
            ),
            "auditor": next(
                p.code for p in posts if p.agency == "INSP" and p.title == STAFF["auditor"].title
            ),
            "tpk": by_title[("SETDA", STAFF["analis_kebijakan"].title)].code,
        }
        for code in self.plan.personas.values():
            post = next(p for p in posts if p.code == code)
            post.holders = max(post.holders, 1)

    def set_required(self) -> None:
        """Required staff per post for the ABK story; the task volumes are derived from it."""
        rnd = random.Random(RANDOM_SEED + 1)
        for p in self.plan.posts:
            h = p.holders
            if p.weight == 0:
                p.required = 1
            elif p.story == "short":
                p.required = h + max(1, round(h * 0.3))
            elif p.story == "surplus" and h >= 2:
                p.required = h - max(1, round(h * 0.3))
            else:
                noise = rnd.choice((-1, 0, 0, 0, 0, 0, 0, 0, 1)) if h >= 3 else 0
                p.required = max(1, h + noise)


def build_plan(employees: int = DEFAULT_EMPLOYEES) -> Plan:
    return _Builder(employees).build()


def task_rows(post: PostSpec, effective_hours: int, rnd: random.Random) -> list[tuple[str, str, int, int]]:
    """(description, output unit, annual volume, minutes) so that round_half_up(hours / eff) == required.

    REGULATION.md 2: hours = sum(volume x minutes) / 60; required = hours / effective hours. The target
    sits 0.05-0.40 below the required count, so both half-up and ceiling rounding give `required`.
    """
    family = TASKS[post.tasks]
    target_minutes = (post.required - rnd.uniform(0.05, 0.40)) * effective_hours * 60
    total_share = sum(share for *_x, share in family)
    rows = []
    for description, unit, minutes, share in family:
        volume = max(1, round(target_minutes * share / total_share / minutes))
        rows.append((description, unit, volume, minutes))
    return rows

"""Employees of the demo region, generated post by post from a fixed random seed (a re-run yields the
same NIPs, names and dates)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator

from instansi.choices import EmployeeStatus, Gender
from instansi.demo.plan import Plan, PostSpec
from instansi.demo.reference import (
    D3_TITLE,
    FAMILY,
    FEMALE_FIRST,
    FEMALE_LAST,
    FIELD_TITLE,
    GOLONGAN_CAP,
    GOLONGAN_ORDER,
    GOLONGAN_START,
    MALE_FIRST,
    MALE_LAST,
    MANAGERIAL,
    MASTER_TITLE,
    PERSONAS,
    RANDOM_SEED,
    L,
    P,
    Persona,
)
from instansi.models import Employee
from instansi.nip import make_nip


class People:
    """Generates employees post by post from a fixed random seed, so a re-run yields the same NIPs."""

    def __init__(self, plan: Plan, today: dt.date):
        self.plan = plan
        self.today = today
        self.rnd = random.Random(RANDOM_SEED)
        self.seq: dict[tuple, int] = defaultdict(int)
        self.persona_posts = {code: name for name, code in plan.personas.items()}
        self.decree_no = 0

    def nip(self, birth: dt.date, tmt: dt.date, gender: str) -> str:
        key = (birth, tmt.year, tmt.month, gender)
        self.seq[key] += 1
        return make_nip(birth_date=birth, tmt=tmt, gender=gender, seq=self.seq[key])

    def golongan(self, level: str, tmt: dt.date) -> str:
        start = GOLONGAN_ORDER.index(GOLONGAN_START.get(level, "II/a"))
        cap = GOLONGAN_ORDER.index(GOLONGAN_CAP.get(level, "IV/b"))
        return GOLONGAN_ORDER[max(start, min(cap, start + (self.today.year - tmt.year) // 4))]

    def titles(self, level: str, fld: str, birth: dt.date, gender: str) -> tuple[str, str]:
        if fld == "Kedokteran":
            return "dr.", ""
        if level in (L.D3,):
            return "", D3_TITLE.get(fld, "A.Md.")
        if level == L.D4:
            return "", "S.Tr."
        if level in (L.S1, L.PROFESI, L.S2):
            back = FIELD_TITLE.get(fld, "S.Sos.")
            if birth.year < 1970 and back in ("S.Sos.", "S.AP.", "S.IP.", "S.E."):
                front, back = ("Drs." if gender == Gender.MALE else "Dra."), ""  # titles before 1993
                return front, ("M.Si." if level == L.S2 else "")
            if level == L.S2:
                back = f"{back}, {MASTER_TITLE.get(fld, 'M.Si.')}"
            return "", back
        return "", ""

    def person(self, post: PostSpec) -> Employee:
        r = self.rnd
        managerial = post.kind in MANAGERIAL
        female_share = 0.8 if post.tasks in ("nurse", "midwife") else 0.45
        gender = Gender.FEMALE if post.tasks == "midwife" or r.random() < female_share else Gender.MALE
        oldest, youngest = (1966, 1980) if managerial else (1966, 2001)
        birth = dt.date(r.randint(oldest, youngest), r.randint(1, 12), r.randint(1, 28))
        status = EmployeeStatus.PNS
        if not managerial:
            status = r.choices((EmployeeStatus.PNS, EmployeeStatus.CPNS, EmployeeStatus.PPPK), (85, 5, 10))[0]
        if status == EmployeeStatus.PNS:
            tmt_year = min(self.today.year - 2, birth.year + r.randint(21, 33))
        else:
            tmt_year = self.today.year - 1
        tmt_year = max(tmt_year, birth.year + 19)
        tmt = dt.date(tmt_year, r.choice((1, 2, 3, 4)), 1)
        if r.random() < 0.85 and post.levels:
            level, fld = r.choice(post.levels), r.choice(post.fields)
        else:
            level = r.choice((L.SMA, L.D3, L.S1, L.S1, L.S2)) if not managerial else r.choice((L.S1, L.S2))
            fld = r.choice(("Administrasi Negara", "Manajemen", "Hukum", "Ekonomi", "Kesehatan Masyarakat"))
            fld = "Umum" if level == L.SMA else fld
        if level in (L.SD, L.SMP, L.SMA) and fld not in ("Administrasi Perkantoran", "Transportasi"):
            fld = "Umum"  # school leavers: only some SMK majors match a post
        if managerial and post.kind in (P.JPT_PRATAMA, P.ADMINISTRATOR):
            level = L.S2 if r.random() < 0.6 else L.S1
        if post.tasks == "doctor":
            level, fld = L.PROFESI, "Kedokteran"
        front, back = self.titles(level, fld, birth, gender)
        first = r.choice(MALE_FIRST if gender == Gender.MALE else FEMALE_FIRST)
        last = r.choice(MALE_LAST if gender == Gender.MALE else FEMALE_LAST)
        name = f"{first} {last}" if r.random() < 0.9 else f"{first} {last} {r.choice(FAMILY)}"
        earliest = max(tmt, dt.date(2008, 1, 1))
        span = max(30, (self.today - earliest).days - 30)
        since = earliest + dt.timedelta(days=r.randint(0, span))
        flags = r.random()
        golongan = "" if status == EmployeeStatus.PPPK else self.golongan(level, tmt)
        if managerial and post.kind == P.JPT_PRATAMA:
            golongan = max(golongan, "IV/b", key=GOLONGAN_ORDER.index)
        competencies = list(post.tags[: r.randint(1, max(1, len(post.tags)))])
        return Employee(
            nip=self.nip(birth, tmt, "L" if gender == Gender.MALE else "P"),
            name=name, front_title=front, back_title=back, birth_date=birth, gender=gender, status=status,
            golongan=golongan, tmt_cpns=tmt, education_level=level, education_field=fld, competencies=competencies,
            position_id=None, position_since=since, phone=f"08{r.randint(11, 99)}{r.randint(10000000, 99999999)}",
            under_sanction=flags < 0.01, sanction_until=self.today + dt.timedelta(days=180) if flags < 0.01 else None,
            on_study_assignment=0.01 <= flags < 0.02,
            study_until=self.today + dt.timedelta(days=365) if 0.01 <= flags < 0.02 else None,
            open_audit_finding=0.02 <= flags < 0.025,
            audit_finding_date=self.today - dt.timedelta(days=60) if 0.02 <= flags < 0.025 else None,
        )  # fmt: skip

    def persona(self, p: Persona) -> Employee:
        since = self.today - dt.timedelta(days=round(p.years_in_post * 365.25))
        return Employee(
            nip=self.nip(p.birth, p.tmt, p.gender), name=p.name, front_title=p.front, back_title=p.back,
            birth_date=p.birth, gender=p.gender, status=EmployeeStatus.PNS, golongan=p.golongan, tmt_cpns=p.tmt,
            education_level=p.level, education_field=p.field,
            competencies=["transportasi", "data kesehatan"] if p.username == "pegawai" else [],
            position_since=since, email=f"{p.username}@mannakota.go.id", phone="081200000000",
        )  # fmt: skip

    def stream(self) -> Iterator[tuple[Employee, PostSpec]]:
        for post in self.plan.posts:
            for i in range(post.holders):
                persona = self.persona_posts.get(post.code) if i == 0 else None
                e = self.persona(PERSONAS[persona]) if persona else self.person(post)
                yield e, post

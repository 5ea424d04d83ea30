"""`seed_demo` (DESIGN.md section 8): idempotent, demo accounts with their roles, the ABK story."""

import io
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db.models import F, Sum
from django.http import HttpRequest

from core.access import roles_of
from core.models import AuditEvent, User
from instansi import demo
from instansi.models import (
    Agency,
    Employee,
    PlacementHistory,
    Policy,
    Position,
    Region,
    Unit,
)
from instansi.nip import nip_agreement_errors, parse_nip
from workload.models import WorkloadResult, WorkloadRun, WorkloadRunStatus, WorkloadTask

COUNTED = (Region, Policy, Agency, Unit, Position, Employee, PlacementHistory, WorkloadTask, User, Group)


def seed(employees: int) -> str:
    out = io.StringIO()
    call_command("seed_demo", employees=employees, stdout=out)
    return out.getvalue()


def counts() -> dict:
    result = {model.__name__: model.objects.count() for model in COUNTED}
    result["group_permissions"] = Permission.objects.filter(group__isnull=False).count()
    result["linked_users"] = Employee.objects.filter(user__isnull=False).count()
    return result


@pytest.fixture
def seeded(db):
    return seed(300)


def test_seed_demo_twice_gives_the_same_counts(seeded):
    before = counts()

    output = seed(300)

    assert counts() == before
    assert before["Employee"] >= 300
    assert before["Agency"] >= 20
    assert before["User"] == 10
    assert before["linked_users"] == 9
    assert "Pegawai dan riwayat jabatan" in seeded
    assert "new_employees=0" in output
    assert AuditEvent.objects.filter(action="demo.seed").count() == 2


def test_seed_demo_twice_leaves_the_same_workload_runs_and_the_dashboards_a_finished_one(seeded):
    region = demo.demo_region()
    finished = WorkloadRun.objects.filter(region=region, status=WorkloadRunStatus.FINISHED)
    assert finished.count() == 1  # the first seed analysed: the dashboards have a run to show
    before = (WorkloadRun.objects.count(), WorkloadResult.objects.count())

    output = seed(300)

    assert (WorkloadRun.objects.count(), WorkloadResult.objects.count()) == before
    assert "hasil analisis terakhir tetap dipakai" in output


def test_seed_demo_analyses_again_when_the_region_has_no_finished_run(seeded):
    WorkloadRun.objects.update(status=WorkloadRunStatus.FAILED)

    seed(300)

    assert WorkloadRun.objects.filter(status=WorkloadRunStatus.FINISHED).count() == 1


def test_seed_demo_analyses_again_when_a_larger_region_adds_employees(seeded):
    runs = WorkloadRun.objects.count()

    output = seed(400)

    assert "new_employees=0" not in output
    assert WorkloadRun.objects.count() == runs + 1
    assert WorkloadRun.objects.order_by("-id").first().status == WorkloadRunStatus.FINISHED


EXPECTED_ROLES = {
    "admin": {"hr"},
    "bkpsdm": {"employee", "hr"},
    "walikota": {"employee", "regional_head", "supervisor"},
    "sekda": {"employee", "secretary", "agency_head", "supervisor"},
    "kadinkes": {"employee", "agency_head", "supervisor"},
    "kadishub": {"employee", "agency_head", "supervisor"},
    "atasan": {"employee", "supervisor"},
    "pegawai": {"employee"},
    "tpk": {"employee", "performance_team"},
    "auditor": {"employee", "auditor"},
}


def test_every_demo_account_logs_in_with_the_demo_password_and_has_its_roles(seeded, client):
    for username, roles in EXPECTED_ROLES.items():
        assert client.login(request=HttpRequest(), username=username, password=demo.DEMO_PASSWORD), username
        # Seeded as already changed: no first-login password change stands in the demo's way.
        assert client.get("/notifikasi/").status_code == 200, username
        client.logout()
        assert set(roles_of(User.objects.get(username=username))) == roles, username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(username="bkpsdm").is_staff
    assert User.objects.get(username="bkpsdm").has_perm("instansi.change_employee")
    auditor = User.objects.get(username="auditor")
    assert auditor.has_perm("instansi.view_employee") and not auditor.has_perm("instansi.change_employee")


def test_pegawai_is_a_pns_under_atasan_in_dinas_perhubungan(seeded):
    pegawai = Employee.objects.select_related("position__agency", "position__superior").get(
        user__username="pegawai"
    )
    atasan = Employee.objects.get(user__username="atasan")
    kadishub = Employee.objects.get(user__username="kadishub")

    assert pegawai.position.agency.code == "DISHUB"
    assert pegawai.position.kind == "pelaksana"
    assert pegawai.position.superior_id == atasan.position_id
    assert atasan.position.title == "Kepala Bidang Angkutan"
    assert atasan.position.superior_id == kadishub.position_id
    assert kadishub.position.is_head and kadishub.position.agency.head_position_id == kadishub.position_id
    assert (pegawai.status, pegawai.golongan, pegawai.education_level) == ("pns", "III/b", "s1")
    assert pegawai.education_field == "Kesehatan Masyarakat"
    assert pegawai.birth_date.year == 1990
    assert Decimal("3.9") <= pegawai.years_in_post() <= Decimal("4.1")
    assert not any((pegawai.under_sanction, pegawai.on_study_assignment, pegawai.open_audit_finding))
    assert pegawai.placements.filter(end__isnull=True, position=pegawai.position).exists()


def test_every_post_reports_up_a_chain_to_the_walikota_post(seeded):
    superior = dict(Position.objects.values_list("id", "superior_id"))
    walikota = Position.objects.get(special_role="regional_head")
    sekda = Position.objects.get(special_role="secretary")
    assert sekda.superior_id == walikota.pk
    for post_id in superior:
        seen, current = set(), post_id
        while superior[current] is not None:
            assert current not in seen
            seen.add(current)
            current = superior[current]
        assert current == walikota.pk
    for agency in Agency.objects.select_related("head_position"):
        assert agency.head_position.is_head
        assert agency.head_position.superior_id in (sekda.pk, walikota.pk)


def test_every_seeded_nip_is_valid_unique_and_agrees_with_birth_date_and_gender(seeded):
    rows = list(Employee.objects.values_list("nip", "birth_date", "gender"))
    assert len({nip for nip, *_ in rows}) == len(rows)
    for nip, birth, gender in rows:
        parse_nip(nip)
        assert nip_agreement_errors(nip, birth_date=birth, gender=gender) == []


def required_and_current() -> dict[int, tuple[int, int]]:
    """Per post: required staff by REGULATION.md 2 (computed here, not by the app) and holders."""
    hours = dict(
        WorkloadTask.objects.values("position")
        .annotate(m=Sum(F("annual_volume") * F("standard_minutes")))
        .values_list("position", "m")
    )
    holders = Counter(Employee.objects.values_list("position_id", flat=True))
    result = {}
    for post_id, minutes in hours.items():
        exact = Decimal(minutes) / 60 / 1250
        result[post_id] = (int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)), holders[post_id])
    return result


@pytest.mark.django_db
def test_the_abk_norms_make_dinkes_short_dishub_surplus_and_the_rest_near_balance():
    seed(2000)
    figures = required_and_current()
    posts = {p.pk: p for p in Position.objects.select_related("agency")}

    def posts_of(code, predicate):
        return [
            pid
            for pid, (req, cur) in figures.items()
            if posts[pid].agency.code == code and predicate(req, cur)
        ]

    assert len(posts_of("DINKES", lambda req, cur: req > cur)) >= 5
    short_titles = {posts[pid].title for pid in posts_of("DINKES", lambda req, cur: req > cur)}
    assert {
        "Perawat Ahli Pertama",
        "Pengelola Data Kesehatan",
        "Pengadministrasi Perkantoran",
    } <= short_titles
    surplus = posts_of("DISHUB", lambda req, cur: req < cur)
    assert len(surplus) >= 3
    assert all(posts[pid].kind == "pelaksana" for pid in surplus)
    others = [v for pid, v in figures.items() if posts[pid].agency.code not in ("DINKES", "DISHUB", "RSUD")]
    total_required = sum(req for req, _cur in others)
    total_current = sum(cur for _req, cur in others)
    assert abs(total_required - total_current) <= 0.03 * total_current


def test_seed_demo_ends_with_the_planners_statistics_of_what_it_filled(seeded):
    """The seed is a bulk load: it ends with ANALYZE (core.db.analyse), as the SIASN import does."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = %s AND attname = 'position_id'",
            [Employee._meta.db_table],
        )
        assert cursor.fetchone()[0] == 1

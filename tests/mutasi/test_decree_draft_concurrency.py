"""Drafts (konsep SK) under concurrency, on real PostgreSQL connections (one per thread): a request is in
one draft at a time, and a draft and a one-step issue of the same request never both decree it."""

import pytest
from django.utils import timezone

from core.exceptions import TransitionNotAllowed
from mutasi import services
from mutasi.choices import DecreeStatus, Status
from mutasi.models import Decree, DecreeCounter, TransferRequest
from tests.conftest import requires_postgres
from tests.mutasi.conftest import approve_all, make_draft
from tests.mutasi.factories import build_world
from tests.mutasi.test_concurrency import _race

pytestmark = [requires_postgres(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _approved(world) -> TransferRequest:
    request = services.transfer_submit(request_id=make_draft(world).pk, actor=world.pegawai)
    return approve_all(world, request)


def _args(world, request) -> dict:
    today = timezone.localdate()
    return {
        "actor": world.bkpsdm,
        "request_ids": [request.pk],
        "date": today,
        "tmt": today,
        "signer": world.walikota.employee,
    }


def test_two_drafts_of_one_request_at_once_make_one_draft():
    world = build_world()
    request = _approved(world)
    results = _race(
        lambda: services.decree_draft_create(**_args(world, request)),
        lambda: services.decree_draft_create(**_args(world, request)),
    )
    assert sorted(type(r).__name__ for r in results) == ["Decree", "TransitionNotAllowed"]
    assert Decree.objects.filter(status=DecreeStatus.DRAFT).count() == 1
    assert Decree.draft_requests.through.objects.filter(transferrequest_id=request.pk).count() == 1


def test_issuing_a_draft_and_a_one_step_issue_of_its_request_at_once_decree_it_once():
    world = build_world()
    request = _approved(world)
    draft = services.decree_draft_create(**_args(world, request))
    results = _race(
        lambda: services.decree_draft_issue(actor=world.bkpsdm, decree_id=draft.pk),
        lambda: services.decree_issue(**_args(world, request)),
    )
    winners = [r for r in results if isinstance(r, Decree)]
    assert len(winners) == 1 and isinstance(
        next(r for r in results if r not in winners), TransitionNotAllowed
    )
    request.refresh_from_db()
    assert request.status == Status.DECREED and request.decree_id == winners[0].pk
    # one number taken, by the decree that won; no gap
    assert DecreeCounter.objects.get().last_seq == 1 and winners[0].seq == 1

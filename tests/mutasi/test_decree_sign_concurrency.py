"""Issue 17 "Must show": two signers at once on the same decree, one wins (real PostgreSQL connections,
one per thread; the decree row is locked while BSrE answers)."""

import pytest
from django.utils import timezone

from mutasi import services
from mutasi.choices import DecreeStatus
from mutasi.models import Decree, SigningIdentity
from mutasi.services import signing
from tests.conftest import requires_postgres
from tests.mutasi.conftest import approve_all, make_draft
from tests.mutasi.factories import build_world
from tests.mutasi.test_concurrency import _race
from tools.fakes.bsre_fake import FakeBsre

pytestmark = [requires_postgres(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NIK, PASSPHRASE = "1771010101700001", "Rahasia-Serentak-1"


def test_two_signings_of_one_decree_at_once_sign_it_once(settings):
    world = build_world()
    SigningIdentity.objects.create(employee=world.walikota.employee, nik=NIK)
    request = services.transfer_submit(request_id=make_draft(world).pk, actor=world.pegawai)
    today = timezone.localdate()
    decree = services.decree_issue(
        actor=world.bkpsdm,
        request_ids=[approve_all(world, request).pk],
        date=today,
        tmt=today,
        signer=world.walikota.employee,
    )
    with FakeBsre(users={NIK: PASSPHRASE}) as fake:
        settings.BSRE_URL = fake.url

        def sign():
            return signing.decree_sign_batch(
                actor=world.walikota, decree_ids=[decree.pk], passphrase=PASSPHRASE
            )

        results = _race(sign, sign)
        received = fake.received
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r.signed) for r in results) == [0, 1]
    loser = next(r for r in results if not r.signed)
    assert "sudah ditandatangani" in loser.failed[0][1]
    assert len(received) == 1  # BSrE was asked once
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.SIGNED
    assert Decree.objects.filter(status=DecreeStatus.SIGNED).count() == 1

"""Issue 17 points 4, 5 and 7: signing through BSrE (against our fake BSrE, a real HTTP server on a
loopback port), the passphrase kept out of everything, and the public verification page."""

import hashlib
import logging

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from core.models import AuditEvent
from mutasi.choices import DecreeStatus
from mutasi.models import Decree, DecreeExtract, DecreeTemplate
from tests.factories import UserFactory
from tests.mutasi.conftest import NIK, PASSPHRASE
from tests.mutasi.decree_helpers import read

pytestmark = pytest.mark.django_db


def _sign(client, user, decrees, passphrase):
    client.force_login(user)
    return client.post(
        "/mutasi/sk/tanda-tangan/",
        {"decrees": [d.pk for d in decrees], "passphrase": passphrase},
        follow=True,
    )


def test_a_batch_is_signed_with_one_passphrase_entry(world, decrees, bsre, client):
    client.force_login(world.walikota)
    queue = client.get("/mutasi/sk/tanda-tangan/").content.decode()
    assert all(d.number in queue and f"/mutasi/sk/{d.pk}/pdf/" in queue for d in decrees)
    answer = _sign(client, world.walikota, decrees, PASSPHRASE)
    assert answer.status_code == 200
    assert "Ditandatangani" in answer.content.decode()
    assert len(bsre.received) == 2  # one call per decree: its PDF and its petikan together
    for decree, call in zip(decrees, bsre.received, strict=True):
        decree.refresh_from_db()
        assert (
            decree.status == DecreeStatus.SIGNED and decree.signed_by == world.walikota and decree.signed_at
        )
        signed = read(decree.signed_pdf)
        assert hashlib.sha256(signed).hexdigest() == decree.signed_sha256
        assert signed.startswith(read(decree.pdf)) and b"BSrE-FAKE-SIGNATURE" in signed
        extract = DecreeExtract.objects.get(decree=decree)
        assert read(extract.signed_pdf).startswith(read(extract.pdf))
        assert call["nik"] == NIK and call["files"] == 2 and call["passphrase_ok"]
        assert call["sha256"] == [decree.pdf_sha256, extract.pdf_sha256]
        # the visible signature image on the body and on the lampiran, where the QR code is
        assert call["has_image"] and [p["page"] for p in call["signature_properties"]] == [
            s["page"] for s in decree.signature_spots
        ]
        assert AuditEvent.objects.filter(action="decree.sign", target_id=str(decree.pk)).count() == 1
    assert "Tidak ada SK yang menunggu" in client.get("/mutasi/sk/tanda-tangan/").content.decode()


def test_a_wrong_passphrase_signs_nothing_and_the_reason_is_shown(world, decrees, bsre, client):
    answer = _sign(client, world.walikota, decrees, "salah")
    page = answer.content.decode()
    assert "Passphrase ditolak oleh BSrE" in page
    assert len(bsre.received) == 1  # the batch stops at the first refusal (no lock-out by repetition)
    for decree in decrees:
        decree.refresh_from_db()
        assert decree.status == DecreeStatus.ISSUED and not decree.signed_pdf and decree.seq in (1, 2)
    assert Decree.objects.get(pk=decrees[0].pk).sign_error.startswith("Passphrase ditolak")
    # retried later with the right one
    _sign(client, world.walikota, decrees, PASSPHRASE)
    assert set(Decree.objects.values_list("status", flat=True)) == {DecreeStatus.SIGNED}


@pytest.mark.parametrize(
    "mode,reason", [("locked", "terkunci"), ("fail", "gagal (HTTP 500)")], ids=["locked", "bsre-error"]
)
def test_a_locked_certificate_or_bsre_failing_leaves_the_decree_unsigned_with_its_number(
    world, decrees, bsre, client, mode, reason
):
    bsre.set_mode(mode)
    page = _sign(client, world.walikota, decrees[:1], PASSPHRASE).content.decode()
    assert reason in page
    decree = Decree.objects.get(pk=decrees[0].pk)
    assert decree.status == DecreeStatus.ISSUED and reason in decree.sign_error
    assert decree.number == decrees[0].number
    assert len(bsre.received) == 1  # a signing request that reached BSrE is never sent again


def test_bsre_unreachable_is_told_and_nothing_changes(world, decrees, settings, client):
    settings.BSRE_URL = "http://127.0.0.1:9"  # nothing listens there
    page = _sign(client, world.walikota, decrees[:1], PASSPHRASE).content.decode()
    assert "tidak dapat dihubungi" in page
    assert Decree.objects.get(pk=decrees[0].pk).status == DecreeStatus.ISSUED


def test_only_the_named_signer_signs(world, decrees, bsre, client):
    client.force_login(world.sekda)
    assert decrees[0].number not in client.get("/mutasi/sk/tanda-tangan/").content.decode()
    assert _sign(client, world.sekda, decrees[:1], PASSPHRASE).status_code == 403
    # the employee in it sees the decree but may not sign it; a stranger does not even see it
    assert _sign(client, world.pegawai, decrees[:1], PASSPHRASE).status_code == 403
    assert _sign(client, UserFactory(), decrees[:1], PASSPHRASE).status_code == 404
    assert not bsre.received
    assert Decree.objects.get(pk=decrees[0].pk).status == DecreeStatus.ISSUED


def test_the_passphrase_appears_nowhere_in_the_database_logs_or_responses(
    world, decrees, bsre, client, caplog
):
    caplog.set_level(logging.DEBUG)
    responses = [_sign(client, world.walikota, decrees[:1], PASSPHRASE + "x")]  # refused
    responses.append(_sign(client, world.walikota, decrees, PASSPHRASE))  # signed
    responses.append(client.get("/mutasi/sk/tanda-tangan/"))
    responses.append(client.get(f"/mutasi/sk/register/?tahun={decrees[0].year}"))
    assert Decree.objects.filter(status=DecreeStatus.SIGNED).count() == 2
    secret = PASSPHRASE.encode()
    for response in responses:
        body = response.content if not response.streaming else b"".join(response.streaming_content)
        assert secret not in body
        assert PASSPHRASE not in str(response.headers)
    assert PASSPHRASE not in caplog.text
    assert all(PASSPHRASE not in (m.body + m.subject) for m in mail.outbox)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the database itself
            for row in cursor.fetchall():
                assert PASSPHRASE not in repr(row), table
    for decree in Decree.objects.all():
        assert secret not in read(decree.signed_pdf) and secret not in read(decree.pdf)
    # the fake records what it received, never the passphrase
    assert PASSPHRASE not in repr(bsre.received)


def test_a_wet_signing_region_uploads_the_signed_scan_instead(world, decrees, bsre, client):
    DecreeTemplate.objects.create(region=world.region, signing_method="wet")
    page = _sign(client, world.walikota, decrees[:1], PASSPHRASE).content.decode()
    assert "tanda tangan basah" in page and not bsre.received
    scan = b"%PDF-1.4\n% hasil pindai\n%%EOF\n"
    client.force_login(world.bkpsdm)
    client.post(
        "/mutasi/sk/register/",
        {
            "action": "wet",
            "decree": decrees[0].pk,
            "file": SimpleUploadedFile("sk.pdf", scan, "application/pdf"),
        },
    )
    decree = Decree.objects.get(pk=decrees[0].pk)
    assert decree.status == DecreeStatus.SIGNED and decree.signed_sha256 == hashlib.sha256(scan).hexdigest()


# --- verification (point 5) ---------------------------------------------------------------------


def _check(client, decree, data: bytes):
    return client.post(
        f"/verifikasi/{decree.verify_token}/", {"file": SimpleUploadedFile("x.pdf", data, "application/pdf")}
    )


def test_the_genuine_signed_file_is_recognised_and_one_changed_byte_is_not(signed, client, bsre):
    data = read(signed.signed_pdf)
    page = _check(client, signed, data).content.decode()
    assert "COCOK: berkas ini adalah SK yang ditandatangani" in page
    assert "Hasil verifikasi BSrE: <strong>VALID</strong>" in page
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    page = _check(client, signed, bytes(changed)).content.decode()
    assert "TIDAK COCOK" in page and "NO_SIGNATURE" in page
    petikan = read(DecreeExtract.objects.get(decree=signed).signed_pdf)
    assert "petikan SK yang ditandatangani" in _check(client, signed, petikan).content.decode()
    assert "TIDAK COCOK" in _check(client, signed, read(signed.pdf)).content.decode()  # the unsigned one


def test_the_verification_page_needs_no_login_and_shows_no_personal_data(world, signed, client):
    page = client.get(f"/verifikasi/{signed.verify_token}/").content.decode()
    assert signed.number in page and signed.signed_sha256 in page
    assert signed.signer_title in page and signed.signer_name in page
    assert "MUTASI PEGAWAI NEGERI SIPIL" in page and ">1<" in page  # one employee
    employee = signed.requests.get().employee
    for private in (employee.nip, employee.nip_display, employee.name, world.walikota.employee.nip):
        assert private not in page
    assert 'href="/masuk/' not in page or "logout" not in page


def test_an_unknown_token_is_a_404(signed, client):
    assert client.get("/verifikasi/tidak-ada-token-seperti-ini/").status_code == 404
    assert client.get(f"/verifikasi/{signed.verify_token[:-1]}/").status_code == 404


def test_the_token_is_random_and_long(decrees):
    tokens = {d.verify_token for d in decrees}
    assert len(tokens) == 2 and all(len(t) >= 43 for t in tokens)


def test_the_verification_page_is_rate_limited(signed, client, settings):
    settings.VERIFY_RATE = "3/m"
    cache.clear()
    codes = [client.get(f"/verifikasi/{signed.verify_token}/").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_where_the_policy_asks_the_organisation_seal_follows_the_signature(
    world, decrees, bsre, client, settings
):
    DecreeTemplate.objects.create(region=world.region, organisation_seal=True)
    settings.BSRE_SEAL_SUBSCRIBER_ID = "instansi-demo"
    _sign(client, world.walikota, decrees[:1], PASSPHRASE)
    decree = Decree.objects.get(pk=decrees[0].pk)
    assert decree.status == DecreeStatus.SIGNED
    signed = read(decree.signed_pdf)
    assert signed.index(b"BSrE-FAKE-SIGNATURE") < signed.index(b"BSrE-FAKE-SEAL")
    assert [c["path"] for c in bsre.received] == [
        "/api/v2/sign/pdf",
        "/api/v2/seal/get/totp",
        "/api/v2/seal/pdf",
    ]
    assert bsre.received[-1]["totp_ok"] and bsre.received[-1]["files"] == 2


def test_a_seal_that_fails_leaves_the_decree_unsigned(world, decrees, bsre, client, settings):
    DecreeTemplate.objects.create(region=world.region, organisation_seal=True)
    settings.BSRE_SEAL_SUBSCRIBER_ID = "tidak-dikenal"
    page = _sign(client, world.walikota, decrees[:1], PASSPHRASE).content.decode()
    assert "BSrE menolak" in page
    assert Decree.objects.get(pk=decrees[0].pk).status == DecreeStatus.ISSUED

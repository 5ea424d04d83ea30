"""Issue 17 points 4 and 5 through the API: the signer's queue, signing a batch with one passphrase
(the same service as the page, against the fake BSrE on a loopback port) and the public verification."""

import hashlib
import logging

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from mutasi.choices import DecreeStatus
from mutasi.models import Decree, DecreeExtract
from tests.factories import UserFactory
from tests.mutasi.conftest import PASSPHRASE
from tests.mutasi.decree_helpers import read

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/decrees/signing-queue/"
SIGN = "/api/v1/decrees/sign/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _sign(user, decrees, passphrase):
    return api(user).post(SIGN, {"decrees": [d.pk for d in decrees], "passphrase": passphrase}, format="json")


def test_the_queue_lists_the_signers_decrees_in_a_fixed_number_of_queries(world, decrees):
    def listed(user):
        with CaptureQueriesContext(connection) as queries:
            answer = api(user).get(QUEUE)
        assert answer.status_code == 200
        return answer.json(), len(queries)

    body, two = listed(world.walikota)
    assert body["count"] == 2
    assert [r["number"] for r in body["results"]] == [d.number for d in decrees]
    assert body["results"][0]["employees"] == 1
    assert body["results"][0]["pdf_url"] == f"/api/v1/decrees/{decrees[0].pk}/pdf/"
    assert listed(world.sekda)[0]["count"] == 0  # only the official each decree names
    Decree.objects.filter(pk=decrees[1].pk).update(signer=world.sekda.employee)
    body, one = listed(world.walikota)
    assert body["count"] == 1 and one == two
    assert api().get(QUEUE).status_code == 401


def test_a_batch_is_signed_through_the_api_with_one_passphrase(world, decrees, bsre):
    answer = _sign(world.walikota, decrees, PASSPHRASE)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"signed": [d.number for d in decrees], "failed": []}
    assert len(bsre.received) == 2
    for decree in Decree.objects.filter(pk__in=[d.pk for d in decrees]):
        assert decree.status == DecreeStatus.SIGNED and decree.signed_by == world.walikota
        assert hashlib.sha256(read(decree.signed_pdf)).hexdigest() == decree.signed_sha256
    assert api(world.walikota).get(QUEUE).json()["count"] == 0


def test_a_wrong_passphrase_signs_nothing_through_the_api(world, decrees, bsre):
    answer = _sign(world.walikota, decrees, "salah-sekali")
    assert answer.status_code == 200
    body = answer.json()
    assert body["signed"] == [] and len(body["failed"]) == 1
    assert body["failed"][0]["number"] == decrees[0].number
    assert body["failed"][0]["reason"].startswith("Passphrase ditolak")
    assert len(bsre.received) == 1  # the batch stops at the first refusal
    for decree in Decree.objects.filter(pk__in=[d.pk for d in decrees]):
        assert decree.status == DecreeStatus.ISSUED and not decree.signed_pdf and decree.seq in (1, 2)


def test_bad_input_is_400_in_indonesian_and_a_stranger_signs_nothing(world, decrees, bsre):
    empty = api(world.walikota).post(SIGN, {"decrees": [], "passphrase": ""}, format="json")
    assert empty.status_code == 400
    assert set(empty.json()) == {"decrees", "passphrase"}
    assert "kosong" in str(empty.json()["passphrase"]).lower()
    assert _sign(world.sekda, decrees[:1], PASSPHRASE).status_code == 403
    assert _sign(world.pegawai, decrees[:1], PASSPHRASE).status_code == 403  # sees it, may not sign
    # Nothing to sign at all: refused before the list and the passphrase are read (may_ever_sign).
    assert _sign(UserFactory(), decrees[:1], PASSPHRASE).status_code == 403
    assert api().post(SIGN, {"decrees": [decrees[0].pk], "passphrase": PASSPHRASE}).status_code == 401
    # one id the signer may not see refuses the whole batch before anything goes to BSrE
    foreign = api(world.walikota).post(
        SIGN, {"decrees": [decrees[0].pk, 999_999], "passphrase": PASSPHRASE}, format="json"
    )
    assert foreign.status_code == 404
    assert not bsre.received
    assert set(Decree.objects.values_list("status", flat=True)) == {DecreeStatus.ISSUED}


def test_the_passphrase_appears_in_no_response_log_or_table_of_the_api(world, decrees, bsre, caplog):
    caplog.set_level(logging.DEBUG)
    responses = [
        _sign(world.walikota, decrees[:1], PASSPHRASE + "x"),  # refused by BSrE
        api(world.walikota).post(SIGN, {"decrees": ["x"], "passphrase": PASSPHRASE}, format="json"),  # 400
        _sign(world.sekda, decrees[:1], PASSPHRASE),  # 403
        _sign(world.walikota, decrees, PASSPHRASE),  # signed
        api(world.walikota).get(QUEUE),
        api(world.walikota).get(f"/api/v1/decrees/{decrees[0].pk}/"),
    ]
    assert [r.status_code for r in responses] == [200, 400, 403, 200, 200, 200]
    assert Decree.objects.filter(status=DecreeStatus.SIGNED).count() == 2
    for response in responses:
        assert PASSPHRASE.encode() not in response.content
        assert PASSPHRASE not in str(response.headers)
    assert PASSPHRASE not in caplog.text
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the database itself
            for row in cursor.fetchall():
                assert PASSPHRASE not in repr(row), table
    assert PASSPHRASE not in repr(bsre.received)


# --- verification --------------------------------------------------------------------------------


def _check(client, decree, data: bytes, token=None):
    return client.post(
        f"/api/v1/verification/{token or decree.verify_token}/",
        {"file": SimpleUploadedFile("x.pdf", data, "application/pdf")},
        format="multipart",
    )


def test_the_verification_api_recognises_the_signed_file_byte_for_byte_without_login(signed, world):
    client = api()  # no credentials: public
    data = read(signed.signed_pdf)
    answer = _check(client, signed, data)
    assert answer.status_code == 200
    body = answer.json()
    assert body["match"] == "decree" and body["sha256"] == signed.signed_sha256
    assert body["match_label"].startswith("COCOK") and body["bsre"] == "VALID"
    assert body["decree"]["number"] == signed.number and body["decree"]["signed"] is True
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    body = _check(client, signed, bytes(changed)).json()
    assert body["match"] == "none" and body["match_label"].startswith("TIDAK COCOK")
    petikan = read(DecreeExtract.objects.get(decree=signed).signed_pdf)
    assert _check(client, signed, petikan).json()["match"] == "petikan"
    assert _check(client, signed, read(signed.pdf)).json()["match"] == "none"  # the unsigned one
    # a token in the header of a caller is not needed, and a wrong one does not matter
    client.credentials(HTTP_AUTHORIZATION="Token tidak-sah")
    assert client.get(f"/api/v1/verification/{signed.verify_token}/").status_code == 200


def test_the_verification_api_shows_no_personal_data_and_an_unknown_token_is_404(signed, world):
    client = api()
    answer = client.get(f"/api/v1/verification/{signed.verify_token}/")
    body = answer.json()
    assert body["number"] == signed.number and body["employees"] == 1
    assert body["signer_title"] == signed.signer_title and body["status"] == "signed"
    assert body["signed_sha256"] == signed.signed_sha256 and body["status_label"] == "Ditandatangani"
    employee = signed.requests.get().employee
    text = answer.content.decode()
    for private in (employee.nip, employee.nip_display, employee.name, world.walikota.employee.nip):
        assert private not in text
    assert "nip" not in {k.lower() for k in body}
    assert client.get("/api/v1/verification/tidak-ada-token-seperti-ini/").status_code == 404
    assert _check(client, signed, b"%PDF-1.4", token="tidak-ada").status_code == 404
    missing = client.post(f"/api/v1/verification/{signed.verify_token}/", {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()


def test_the_verification_api_shares_the_pages_rate_limit(signed, settings):
    settings.VERIFY_RATE = "3/m"
    cache.clear()
    client = api()
    page = client.get(f"/verifikasi/{signed.verify_token}/").status_code
    codes = [client.get(f"/api/v1/verification/{signed.verify_token}/").status_code for _ in range(3)]
    assert [page, *codes] == [200, 200, 200, 429]
    limited = _check(client, signed, read(signed.signed_pdf))
    assert limited.status_code == 429 and "Terlalu banyak" in limited.json()["detail"]

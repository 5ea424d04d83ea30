"""Issue 19 finding 3: what one user may store is limited by the region's Policy (instansi.limits),
on pages and the API alike, with Indonesian messages; a refusal changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from mutasi import services
from mutasi.models import Attachment, TransferRequest
from tests.mutasi.factories import PDF_BYTES

pytestmark = pytest.mark.django_db
HUGE = "x" * 100_000


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _pdf(name="a.pdf", size=0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + b"%" * size, content_type="application/pdf")


def test_a_100000_character_reason_is_refused_on_the_page_and_the_api(world):
    body = {
        "employee": world.pegawai_emp.pk,
        "destination_position": world.destination.pk,
        "kind": "between_agencies",
        "reason": HUGE,
    }
    page = Client()
    page.force_login(world.pegawai)
    refused = page.post("/mutasi/baru/", body)
    assert refused.status_code == 400
    assert "Teks terlalu panjang: 100.000 karakter, paling banyak 2.000." in refused.content.decode()
    answer = _api(world.pegawai).post("/api/v1/transfers/", body, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"reason": ["Teks terlalu panjang: 100.000 karakter, paling banyak 2.000."]}
    assert not TransferRequest.objects.exists()
    world.policy.text_limits = {"reason": 120_000}
    world.policy.save()
    assert _api(world.pegawai).post("/api/v1/transfers/", body, format="json").status_code == 201


def test_a_field_without_its_own_limit_takes_the_general_one_also_in_nested_json(world, draft):
    world.policy.text_max_chars = 500
    world.policy.save()
    answer = _api(world.bkpsdm).post(
        f"/api/v1/transfers/{draft.pk}/milestones/",
        {"code": "bkn_review", "number": "y" * 501, "date": "2026-12-01"},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["number"] == ["Teks terlalu panjang: 501 karakter, paling banyak 500."]


def test_files_are_limited_per_kind_per_request_and_in_total_size(world, draft):
    client = _api(world.pegawai)
    url = f"/api/v1/transfers/{draft.pk}/attachments/"
    already = Attachment.objects.filter(request=draft, kind="request_letter").count()
    for _ in range(world.policy.max_files_per_kind - already):
        assert client.post(url, {"kind": "request_letter", "file": _pdf()}).status_code == 201
    refused = client.post(url, {"kind": "request_letter", "file": _pdf()})
    assert refused.status_code == 400
    assert "paling banyak 2 per jenis" in refused.json()["file"][0]

    world.policy.max_files_per_request = Attachment.objects.filter(request=draft).count()
    world.policy.save()
    refused = client.post(url, {"kind": "other", "file": _pdf()})
    assert refused.status_code == 400 and "berkas, paling banyak" in refused.json()["file"][0]

    world.policy.max_files_per_request = 100
    world.policy.max_request_upload_mb = 1
    world.policy.save()
    before = Attachment.objects.filter(request=draft).count()
    refused = client.post(url, {"kind": "other", "file": _pdf(size=1024 * 1024)})
    assert refused.status_code == 400 and "melebihi 1 MB" in refused.json()["file"][0]
    assert Attachment.objects.filter(request=draft).count() == before


def test_an_employee_may_hold_only_the_policy_number_of_open_drafts(world):
    body = {
        "employee": world.pegawai_emp.pk,
        "destination_position": world.destination.pk,
        "kind": "between_agencies",
        "reason": "Pindah",
    }
    client = _api(world.pegawai)
    for _ in range(world.policy.max_open_drafts):
        assert client.post("/api/v1/transfers/", body, format="json").status_code == 201
    refused = client.post("/api/v1/transfers/", body, format="json")
    assert refused.status_code == 400
    assert "draf usulan yang belum diajukan" in refused.json()["detail"]
    assert TransferRequest.objects.count() == world.policy.max_open_drafts
    services.transfer_withdraw(request_id=TransferRequest.objects.first().pk, actor=world.pegawai)
    assert client.post("/api/v1/transfers/", body, format="json").status_code == 201

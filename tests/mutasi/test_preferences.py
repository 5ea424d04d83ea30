"""Standing preferences and circumstances (issue 21 point 1): every employee records, at any time, where
they would gladly go or not go and what makes a move hard, with a category, an optional document and an
end date; visible to the employee, HR and the deciders of a move of theirs, private otherwise."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent
from mutasi import selectors, services
from mutasi.models import Circumstance, PlacementPreference
from mutasi.services.preferences import MAX_PREFERENCES
from tests.mutasi.conftest import submit_mover
from tests.mutasi.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


def _pdf(name="surat.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_employee_records_a_wish_a_dislike_and_a_circumstance_on_the_page(
    world, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.pegawai)
    page = client.get("/mutasi/preferensi/")
    assert page.status_code == 200
    assert "Keinginan dan keadaan saya" in page.content.decode()

    answer = client.post(
        "/mutasi/preferensi/",
        {
            "form": "preference",
            "kind": "wish",
            "target": "agency",
            "agency": world.dinkes.pk,
            "note": "Dekat rumah",
        },
    )
    assert answer.status_code == 302
    answer = client.post(
        "/mutasi/preferensi/",
        {
            "form": "preference",
            "kind": "dislike",
            "target": "position",
            "position_code": world.atasan_post.code,
        },
    )
    assert answer.status_code == 302
    answer = client.post(
        "/mutasi/preferensi/",
        {
            "form": "circumstance",
            "category": "spouse",
            "scope": "other_agency",
            "description": "Suami bertugas di RSUD kota ini.",
            "document": _pdf(),
        },
    )
    assert answer.status_code == 302

    rows = {
        (p.kind, p.agency_id, p.position_id)
        for p in PlacementPreference.objects.filter(employee=world.pegawai_emp)
    }
    assert rows == {("wish", world.dinkes.pk, None), ("dislike", None, world.atasan_post.pk)}
    circumstance = Circumstance.objects.get(employee=world.pegawai_emp)
    assert circumstance.document_type == "application/pdf" and len(circumstance.document_sha256) == 64
    assert circumstance.document.name.startswith(f"private/circumstances/{world.pegawai_emp.pk}/")

    text = client.get("/mutasi/preferensi/").content.decode()
    for shown in (
        "Dinas Kesehatan",
        "Dekat rumah",
        "Kepala Seksi Angkutan",
        "Penempatan suami/istri",
        "surat.pdf",
    ):
        assert shown in text
    visible = re.sub(r"<[^>]+>", " ", text)
    assert "other_agency" not in visible and "spouse" not in visible  # words, never codes
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "preference.add",
        "preference.add",
        "circumstance.add",
    ]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "wish"}, "target"),  # no target
        ({"kind": "wish", "agency": "DINKES", "unit": "UNIT"}, "target"),  # two targets
        ({"kind": "maybe", "agency": "DINKES"}, "kind"),
        ({"kind": "wish", "agency": "DINKES", "valid_until": "2000-01-01"}, "valid_until"),
        ({"kind": "wish", "position": 999999}, "position"),
    ],
)
def test_bad_input_answers_400_with_an_indonesian_message_and_stores_nothing(world, body, field):
    from tests.factories import UnitFactory

    unit = UnitFactory(agency=world.dinkes)
    body = {k: {"DINKES": world.dinkes.pk, "UNIT": unit.pk}.get(v, v) for k, v in body.items()}
    answer = _api(world.pegawai).post("/api/v1/preferences/", body, format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()
    message = " ".join(answer.json()[field])
    assert not any(word in message for word in ("required", "valid", "This field")), message
    assert not PlacementPreference.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_document_that_is_not_a_pdf_or_image_is_refused_by_its_content(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    created = _api(world.pegawai).post(
        "/api/v1/circumstances/", {"category": "health", "description": "Kontrol rutin."}, format="json"
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/circumstances/{created.json()['id']}/document/"
    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    answer = _api(world.pegawai).post(url, {"file": fake}, format="multipart")
    assert answer.status_code == 400
    assert "PDF, JPEG atau PNG" in " ".join(answer.json()["document"])
    assert not Circumstance.objects.get().document
    assert not any(tmp_path.rglob("*.*"))

    answer = _api(world.pegawai).post(url, {"file": _pdf()}, format="multipart")
    assert answer.status_code == 200 and answer.json()["has_document"] is True
    assert b"".join(_api(world.pegawai).get(url).streaming_content) == PDF_BYTES
    # HR reads it but only the employee changes it.
    assert _api(world.bkpsdm).post(url, {"file": _pdf()}, format="multipart").status_code == 403


def test_one_employee_may_store_only_so_many_preferences(world):
    from tests.factories import AgencyFactory

    for _ in range(MAX_PREFERENCES):
        agency = AgencyFactory(region=world.region)
        services.preference_add(actor=world.pegawai, kind="wish", agency_id=agency.pk)
    extra = AgencyFactory(region=world.region)
    answer = _api(world.pegawai).post(
        "/api/v1/preferences/", {"kind": "wish", "agency": extra.pk}, format="json"
    )
    assert answer.status_code == 400
    assert "Paling banyak" in " ".join(answer.json()["kind"])
    assert PlacementPreference.objects.count() == MAX_PREFERENCES


def test_private_to_the_employee_hr_and_the_deciders_of_their_open_move(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = submit_mover(world, username="mover")
    mover = request.employee
    circumstance = services.circumstance_add(
        actor=mover.user, category="health", description="Terapi rutin di RSUD.", document=_pdf()
    )
    services.preference_add(actor=mover.user, kind="dislike", agency_id=world.dinkes.pk)
    url = f"/api/v1/circumstances/{circumstance.pk}/document/"

    # The mover, HR and everyone with a step in the open request (supervisor, both heads, Sekda, Walikota).
    for user in (
        mover.user,
        world.bkpsdm,
        world.atasan,
        world.kadishub,
        world.kadinkes,
        world.sekda,
        world.walikota,
    ):
        assert _api(user).get(url).status_code == 200, user.username
        listed = _api(user).get(f"/api/v1/preferences/?employee={mover.pk}").json()
        assert [row["kind"] for row in listed] == ["dislike"], user.username
    # A colleague in the same post, the performance team (no step: pelaksana destination), the auditor.
    for user in (world.other, world.tpk, world.auditor, world.pegawai):
        assert _api(user).get(url).status_code == 404, user.username
        assert _api(user).get(f"/api/v1/preferences/?employee={mover.pk}").status_code == 404
        assert _api(user).get(f"/api/v1/circumstances/?employee={mover.pk}").status_code == 404

    # Once the request is withdrawn, its deciders no longer decide a move of theirs.
    services.transfer_withdraw(request_id=request.pk, actor=mover.user)
    assert _api(world.kadinkes).get(url).status_code == 404
    assert _api(world.bkpsdm).get(url).status_code == 200


def test_only_the_employee_removes_their_own_and_the_file_goes_with_it(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    circumstance = services.circumstance_add(
        actor=world.pegawai, category="family", description="Orang tua sakit.", document=_pdf()
    )
    path = tmp_path / circumstance.document.name
    assert path.exists()
    assert _api(world.bkpsdm).delete(f"/api/v1/circumstances/{circumstance.pk}/").status_code == 403
    assert _api(world.other).delete(f"/api/v1/circumstances/{circumstance.pk}/").status_code == 404
    assert Circumstance.objects.filter(pk=circumstance.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert _api(world.pegawai).delete(f"/api/v1/circumstances/{circumstance.pk}/").status_code == 204
    assert not Circumstance.objects.exists()
    assert not path.exists()


def test_ended_views_are_not_shown_to_deciders(world):
    request = submit_mover(world, username="mover")
    mover = request.employee
    today = timezone.localdate()
    services.preference_add(actor=mover.user, kind="wish", agency_id=world.dinkes.pk, valid_until=today)
    PlacementPreference.objects.create(
        employee=mover, kind="dislike", agency=world.dishub, valid_until=today - dt.timedelta(days=1)
    )
    views = selectors.standing_views(viewer=world.kadinkes, employee_id=mover.pk)
    assert [p.agency_id for p in views.wishes] == [world.dinkes.pk]
    assert views.dislikes == []


def test_one_employee_views_are_read_in_three_queries(world, django_assert_num_queries):
    request = submit_mover(world, username="mover")
    mover = request.employee
    from tests.factories import AgencyFactory

    for _ in range(5):
        services.preference_add(
            actor=mover.user, kind="wish", agency_id=AgencyFactory(region=world.region).pk
        )
        services.circumstance_add(actor=mover.user, category="other", description="Catatan.")
    # The viewer's roles are loaded once per request before this (core.viewer); then: the permission
    # (one EXISTS), the employee, the preferences, the circumstances.
    selectors.standing_views(viewer=world.bkpsdm, employee_id=mover.pk)  # warm the viewer
    with django_assert_num_queries(3):
        views = selectors.standing_views(viewer=world.bkpsdm, employee_id=mover.pk)
        assert len(views.wishes) == 5 and len(views.circumstances) == 5

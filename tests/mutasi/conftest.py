import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from mutasi import services
from mutasi.choices import DecreeStatus
from mutasi.models import Decree, SigningIdentity
from mutasi.services import signing
from tests.mutasi.decree_helpers import issue
from tests.mutasi.factories import PDF_BYTES, build_world
from tools.fakes.bsre_fake import FakeBsre


@pytest.fixture
def world(db):
    return build_world()


def upload_required(request, actor):
    """Upload every document the Policy asks the applicant for (consents excepted)."""
    for code in services.transfer.missing_documents(request):
        services.attachment_upload(
            request_id=request.pk,
            actor=actor,
            kind=code,
            uploaded_file=SimpleUploadedFile(f"{code}.pdf", PDF_BYTES, content_type="application/pdf"),
        )


def submit_mover(world, username: str | None = None, reason: str = "Sesuai pendidikan"):
    """Another Dinas Perhubungan employee (placement history, two good SKP years) whose request into
    `world.destination` is created, documented and submitted through the services; returns it."""
    from tests.factories import EmployeeFactory, PlacementHistoryFactory, UserFactory
    from tests.mutasi.factories import give_skp, last_years

    user = UserFactory(username=username) if username else UserFactory()
    employee = EmployeeFactory(user=user, position=world.dishub_other_post)
    PlacementHistoryFactory(employee=employee)
    give_skp(employee, dict.fromkeys(last_years(2), "baik"))
    request = services.transfer_create(
        actor=user,
        employee=employee,
        destination_position=world.destination,
        kind="between_agencies",
        reason=reason,
    )
    upload_required(request, user)
    return services.transfer_submit(request_id=request.pk, actor=user)


def make_draft(world):
    """`pegawai`'s draft into `world.destination`, with every required document."""
    request = services.transfer_create(
        actor=world.pegawai,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="Ingin mengabdi di bidang kesehatan sesuai pendidikan.",
    )
    upload_required(request, world.pegawai)
    return request


def make_outgoing(world):
    """`pegawai`'s outgoing request (to another instansi), documented and submitted."""
    request = services.transfer_create(
        actor=world.pegawai,
        employee=world.pegawai_emp,
        kind="outgoing",
        external_instansi="Pemerintah Kabupaten Seluma",
        reason="Ikut suami pindah tugas.",
    )
    upload_required(request, world.pegawai)
    return services.transfer_submit(request_id=request.pk, actor=world.pegawai)


@pytest.fixture
def draft(world):
    return make_draft(world)


@pytest.fixture
def submitted(world, draft):
    return services.transfer_submit(request_id=draft.pk, actor=world.pegawai)


APPROVERS = ("atasan", "kadishub", "kadinkes", "bkpsdm", "sekda", "walikota")


def approve_all(world, request):
    from mutasi.models import TransferRequest

    for name in APPROVERS:
        services.transfer_approve(request_id=request.pk, actor=getattr(world, name))
    return TransferRequest.objects.get(pk=request.pk)


@pytest.fixture
def approved_request(world, submitted):
    return approve_all(world, submitted)


@pytest.fixture
def moved(world, approved_request):
    """`pegawai` moved into Dinas Kesehatan today: the request is completed, two evaluations exist."""
    from django.utils import timezone

    today = timezone.localdate()
    services.decree_issue(
        actor=world.bkpsdm,
        request_ids=[approved_request.pk],
        date=today,
        tmt=today,
        signer=world.walikota.employee,
    )
    services.execute_due_transfers(today=today)
    approved_request.refresh_from_db()
    return approved_request


# --- decrees waiting for a signature, and the fake BSrE (a real HTTP server on a loopback port) --------

NIK = "1771010101700001"
PASSPHRASE = "Rahasia-Walikota-7f3c9e1d"


@pytest.fixture
def bsre(settings):
    with FakeBsre(users={NIK: PASSPHRASE}) as fake:
        settings.BSRE_URL = fake.url
        settings.BSRE_TIMEOUT = 5
        yield fake


@pytest.fixture
def decrees(world, submitted):
    """Two decrees waiting for the Walikota's signature (one employee each)."""
    SigningIdentity.objects.create(employee=world.walikota.employee, nik=NIK)
    first = issue(world, [approve_all(world, submitted)])
    second = issue(world, [approve_all(world, submit_mover(world, "mover"))])
    return [first, second]


@pytest.fixture
def signed(world, decrees, bsre):
    signing.decree_sign_batch(actor=world.walikota, decree_ids=[decrees[0].pk], passphrase=PASSPHRASE)
    decree = Decree.objects.get(pk=decrees[0].pk)
    assert decree.status == DecreeStatus.SIGNED
    cache.clear()  # the rate limit counts per client address
    return decree

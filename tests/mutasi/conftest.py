import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mutasi import services
from tests.mutasi.factories import PDF_BYTES, build_world


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


@pytest.fixture
def draft(world):
    request = services.transfer_create(
        actor=world.pegawai,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="Ingin mengabdi di bidang kesehatan sesuai pendidikan.",
    )
    upload_required(request, world.pegawai)
    return request


@pytest.fixture
def submitted(world, draft):
    return services.transfer_submit(request_id=draft.pk, actor=world.pegawai)

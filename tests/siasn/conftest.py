import pytest
from django.core.cache import cache

from siasn.fake import API_PREFIX, GATEWAY_TOKEN_PATH, SSO_TOKEN_PATH, FakeSiasn, siasn_date


def configure(settings, fake: FakeSiasn) -> None:
    base = fake.base_url
    settings.SIASN_BASE_URL = base + API_PREFIX
    settings.SIASN_GATEWAY_TOKEN_URL = base + GATEWAY_TOKEN_PATH
    settings.SIASN_SSO_TOKEN_URL = base + SSO_TOKEN_PATH
    settings.SIASN_CONSUMER_KEY = fake.consumer_key
    settings.SIASN_CONSUMER_SECRET = fake.consumer_secret
    settings.SIASN_SSO_CLIENT_ID = fake.sso_client_id
    settings.SIASN_SSO_USERNAME = fake.sso_username
    settings.SIASN_SSO_PASSWORD = fake.sso_password
    settings.SIASN_INSTANSI_ID = fake.instansi_id
    settings.SIASN_BACKOFF = 0
    settings.SIASN_READ_TIMEOUT = 5
    settings.SIASN_DECREE_DOCUMENT_REF = "872"


@pytest.fixture
def siasn_fake(settings):
    """A fake SIASN on a loopback port, the SIASN_* settings pointing at it, no cached token."""
    fake = FakeSiasn()
    fake.start()
    configure(settings, fake)
    cache.delete_many(["siasn:token:gateway", "siasn:token:sso"])
    yield fake
    fake.stop()
    cache.delete_many(["siasn:token:gateway", "siasn:token:sso"])


# The mutasi journey's fixtures (a world, an approved transfer) for the write-back and history tests.
from tests.kinerja.conftest import org, period  # noqa: E402,F401
from tests.mutasi.conftest import world  # noqa: E402,F401


@pytest.fixture
def known(world, siasn_fake):  # noqa: F811 - the world fixture imported above
    """The world's applicant as SIASN knows them; the region reads histories from SIASN (30 days)."""
    world.policy.siasn_max_age_days = 30
    world.policy.save()
    siasn_fake.generate(employees=0, agencies=1, units_per_agency=1)
    emp = world.pegawai_emp
    siasn_fake.add_employee(
        agency=siasn_fake.units[1], unit=siasn_fake.units[2], seq=1, nipBaru=emp.nip, id="pns-1",
        nama=emp.name, tglLahir=siasn_date(emp.birth_date), jenisKelamin="M" if emp.gender == "L" else "F",
        tmtJabatan=siasn_date(emp.position_since),
    )  # fmt: skip
    return siasn_fake

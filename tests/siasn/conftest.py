import pytest
from django.core.cache import cache

from siasn.fake import API_PREFIX, GATEWAY_TOKEN_PATH, SSO_TOKEN_PATH, FakeSiasn


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


# The mutasi journey's fixtures (a world, an approved transfer) for the write-back tests.
from tests.kinerja.conftest import org, period  # noqa: E402,F401
from tests.mutasi.conftest import world  # noqa: E402,F401

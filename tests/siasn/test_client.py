"""The SIASN client against the fake: tokens, retries, timeouts, logging (issue 16, point 1)."""

import logging

import pytest

from siasn.client import SiasnAuthError, SiasnClient, SiasnUnavailable


@pytest.fixture
def fake(siasn_fake):
    siasn_fake.generate(employees=5, agencies=1, units_per_agency=1)
    return siasn_fake


def first_nip(fake):
    return next(iter(fake.employees))


def test_tokens_are_cached_until_they_expire_then_refreshed_once(fake):
    nip = first_nip(fake)
    with SiasnClient() as client:
        assert client.data_utama(nip)["nipBaru"] == nip
        assert client.data_utama(nip)["nipBaru"] == nip
    with SiasnClient() as client:  # another client (another process) reuses the cached tokens
        client.history("rw-jabatan", nip)
    assert fake.tokens_issued == {"gateway": 1, "sso": 1}

    fake.expire_tokens()
    with SiasnClient() as client:
        assert client.data_utama(nip)["nipBaru"] == nip
    assert fake.tokens_issued == {"gateway": 2, "sso": 2}
    # the expired call, then the same call once more with the new tokens
    assert len(fake.received_calls(f"/pns/data-utama/{nip}")) == 4


def test_a_401_after_fresh_tokens_is_not_retried_forever(fake):
    fake.fail_next(401, "/pns/data-utama", times=5)
    with SiasnClient() as client, pytest.raises(SiasnAuthError) as info:
        client.data_utama(first_nip(fake))
    assert "SIASN menolak token" in str(info.value)
    assert len(fake.received_calls("/pns/data-utama")) == 2


def test_wrong_credentials_give_an_indonesian_message(fake, settings):
    settings.SIASN_CONSUMER_SECRET = "salah-rahasia-xyz"
    with SiasnClient() as client, pytest.raises(SiasnAuthError) as info:
        client.ref_unor()
    assert "SIASN menolak kredensial" in str(info.value)
    assert "salah-rahasia-xyz" not in str(info.value)
    assert not fake.received_calls("/referensi")


def test_reads_are_retried_with_backoff_on_5xx(fake):
    fake.fail_next(503, "/referensi/ref-unor", times=2)
    with SiasnClient() as client:
        assert len(client.ref_unor()) == 3
    assert len(fake.received_calls("/referensi/ref-unor")) == 3


def test_writes_are_not_repeated_after_a_5xx(fake):
    fake.fail_next(500, "/jabatan/unorjabatan/save")
    with SiasnClient() as client, pytest.raises(SiasnUnavailable) as info:
        client.save_position({"pnsId": "x"})
    assert "HTTP 500" in str(info.value)
    assert len(fake.received_calls("/jabatan/unorjabatan/save")) == 1


def test_a_slow_answer_times_out_with_a_clear_message(fake, settings):
    settings.SIASN_READ_TIMEOUT = 0.2
    settings.SIASN_RETRIES = 0
    fake.slow_seconds = 0.6
    with SiasnClient() as client, pytest.raises(SiasnUnavailable) as info:
        client.ref_unor()
    assert "SIASN tidak dapat dihubungi" in str(info.value)


def test_unconfigured_client_names_the_missing_settings(settings):
    settings.SIASN_BASE_URL = ""
    with pytest.raises(Exception) as info:
        SiasnClient()
    assert "SIASN_BASE_URL" in str(info.value)


def test_every_call_is_logged_with_path_status_and_duration_but_no_body(fake, caplog):
    nip = first_nip(fake)
    record = fake.employees[nip]
    with caplog.at_level(logging.INFO, logger="siasn.client"), SiasnClient() as client:
        client.data_utama(nip)
    lines = [r.getMessage() for r in caplog.records if r.name == "siasn.client"]
    assert any(f"GET /pns/data-utama/{nip} 200" in line and " ms" in line for line in lines), lines
    assert any("token:gateway 200" in line for line in lines)
    text = "\n".join(lines)
    assert record["nama"] not in text and record["tglLahir"] not in text

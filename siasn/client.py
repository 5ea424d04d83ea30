"""The SIASN web-service client: every address, path and field name of SIASN is in this module.

- HTTP: one `requests.Session` with urllib3's `Retry` (backoff on connection errors and on 429/5xx
  for reads; writes are retried only when the connection failed before the request was sent, the
  outbox decides the rest) and a timeout on every call.
- Tokens: the gateway token (client credentials) and the SSO token (password grant) are cached in
  Django's cache (Redis in production) until shortly before they expire; on a 401 both are dropped,
  fetched again and the call is repeated once.
- Settings from the environment only (`config/settings/base.py`, SIASN_*); no secret is ever logged,
  stored or put in an error message: errors say what went wrong in Bahasa Indonesia and name the
  path, never a token, key or password.
- Every call is logged on logger `siasn.client`: method, path, status, duration; never a body.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

logger = logging.getLogger("siasn.client")

# Paths below SIASN_BASE_URL (../shared/INTEGRATIONS.md). A difference found on the real service is one edit here.
REF_UNOR = "/referensi/ref-unor"
PNS_LIST = "/pns/list-pns"  # see docs/INTEGRATIONS.md: no public client shows an enumeration path
DATA_UTAMA = "/pns/data-utama/{nip}"
HISTORY = "/pns/{kind}/{nip}"
HISTORY_KINDS = ("rw-jabatan", "rw-golongan", "rw-skp22", "rw-hukdis", "rw-cltn", "rw-tubel", "rw-potensi")
POSITION_SAVE = "/jabatan/unorjabatan/save"
DOCUMENT_UPLOAD = "/upload-dok-rw"
SKP22_SAVE = "/skp22/save"

TOKEN_CACHE_KEYS = {"gateway": "siasn:token:gateway", "sso": "siasn:token:sso"}
TOKEN_MARGIN_SECONDS = 30  # drop a cached token this long before SIASN says it expires


class SiasnError(Exception):
    """A failed SIASN call; `str()` is a message for HR in Bahasa Indonesia without any secret."""

    def __init__(
        self, message: str, *, status: int | None = None, path: str = "", answer: dict | None = None
    ):
        super().__init__(message)
        self.status, self.path, self.answer = status, path, answer or {}


class SiasnAuthError(SiasnError):
    """SIASN refused our credentials (not a token that merely expired)."""


class SiasnUnavailable(SiasnError):
    """SIASN did not answer, or answered 5xx after the retries."""


@dataclass(frozen=True)
class SiasnSettings:
    base_url: str
    gateway_token_url: str
    sso_token_url: str
    consumer_key: str
    consumer_secret: str
    sso_client_id: str
    sso_username: str
    sso_password: str
    connect_timeout: float
    read_timeout: float
    retries: int
    backoff: float

    @classmethod
    def from_django(cls) -> SiasnSettings:
        return cls(
            base_url=settings.SIASN_BASE_URL.rstrip("/"),
            gateway_token_url=settings.SIASN_GATEWAY_TOKEN_URL,
            sso_token_url=settings.SIASN_SSO_TOKEN_URL,
            consumer_key=settings.SIASN_CONSUMER_KEY,
            consumer_secret=settings.SIASN_CONSUMER_SECRET,
            sso_client_id=settings.SIASN_SSO_CLIENT_ID,
            sso_username=settings.SIASN_SSO_USERNAME,
            sso_password=settings.SIASN_SSO_PASSWORD,
            connect_timeout=settings.SIASN_CONNECT_TIMEOUT,
            read_timeout=settings.SIASN_READ_TIMEOUT,
            retries=settings.SIASN_RETRIES,
            backoff=settings.SIASN_BACKOFF,
        )

    def missing(self) -> list[str]:
        names = {
            "SIASN_BASE_URL": self.base_url,
            "SIASN_GATEWAY_TOKEN_URL": self.gateway_token_url,
            "SIASN_SSO_TOKEN_URL": self.sso_token_url,
            "SIASN_CONSUMER_KEY": self.consumer_key,
            "SIASN_CONSUMER_SECRET": self.consumer_secret,
            "SIASN_SSO_CLIENT_ID": self.sso_client_id,
            "SIASN_SSO_USERNAME": self.sso_username,
            "SIASN_SSO_PASSWORD": self.sso_password,
        }
        return [name for name, value in names.items() if not value]


def _session(conf: SiasnSettings) -> requests.Session:
    retry = Retry(
        total=conf.retries,
        connect=conf.retries,
        read=conf.retries,
        status=conf.retries,
        backoff_factor=conf.backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),  # a POST is never repeated after SIASN may have seen it
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=8)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class SiasnClient:
    def __init__(self, conf: SiasnSettings | None = None):
        self.conf = conf or SiasnSettings.from_django()
        missing = self.conf.missing()
        if missing:
            raise SiasnError(_("Koneksi SIASN belum diatur: isi %(names)s.") % {"names": ", ".join(missing)})
        self.session = _session(self.conf)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> SiasnClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- tokens ---------------------------------------------------------------------------
    def _token(self, kind: str) -> str:
        token = cache.get(TOKEN_CACHE_KEYS[kind])
        if token:
            return token
        c = self.conf
        if kind == "gateway":
            url, data, auth = (
                c.gateway_token_url,
                {"grant_type": "client_credentials"},
                (c.consumer_key, c.consumer_secret),
            )
        else:
            url, auth = c.sso_token_url, None
            data = {"grant_type": "password", "client_id": c.sso_client_id, "username": c.sso_username,
                    "password": c.sso_password}  # fmt: skip
        response = self._send("POST", url, label=f"token:{kind}", data=data, auth=auth)
        if response.status_code in (400, 401, 403):
            which = _("kunci konsumen gateway") if kind == "gateway" else _("akun SSO SIASN")
            raise SiasnAuthError(
                _(
                    "SIASN menolak kredensial (%(which)s). Periksa pengaturan SIASN_* bersama admin; tidak ada data yang diambil."
                )
                % {"which": which},
                status=response.status_code,
                path=f"token:{kind}",
            )
        if response.status_code != 200:
            raise SiasnUnavailable(
                _("Layanan token SIASN tidak dapat dihubungi (HTTP %(s)d).") % {"s": response.status_code},
                status=response.status_code,
                path=f"token:{kind}",
            )
        try:
            payload = response.json()
            token, ttl = payload["access_token"], int(payload.get("expires_in") or 300)
        except (ValueError, KeyError, TypeError):
            raise SiasnError(_("Jawaban layanan token SIASN tidak dapat dibaca."), path=f"token:{kind}")
        cache.set(TOKEN_CACHE_KEYS[kind], token, timeout=max(ttl - TOKEN_MARGIN_SECONDS, 1))
        return token

    @staticmethod
    def forget_tokens() -> None:
        cache.delete_many(list(TOKEN_CACHE_KEYS.values()))

    # --- calls ----------------------------------------------------------------------------
    def _send(self, method: str, url: str, *, label: str, **kwargs) -> requests.Response:
        start = time.monotonic()
        try:
            response = self.session.request(
                method, url, timeout=(self.conf.connect_timeout, self.conf.read_timeout), **kwargs
            )
        except requests.RequestException as exc:
            logger.warning(
                "SIASN %s %s failed after %.0f ms: %s", method, label, (time.monotonic() - start) * 1000,
                type(exc).__name__,
            )  # fmt: skip
            raise SiasnUnavailable(
                _("SIASN tidak dapat dihubungi (%(what)s). Coba lagi nanti.") % {"what": type(exc).__name__},
                path=label,
            )
        logger.info(
            "SIASN %s %s %d %.0f ms", method, label, response.status_code, (time.monotonic() - start) * 1000
        )
        return response

    def call(self, method: str, path: str, **kwargs) -> dict:
        """One API call with both tokens; a 401 drops the tokens and repeats the call once.

        Returns the whole answer (`{"code", "data", "message"}`); raises SiasnError when it is not JSON,
        SiasnUnavailable on 5xx, SiasnAuthError when the fresh tokens are refused too.
        """
        url = self.conf.base_url + path
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {self._token('gateway')}",
                "Auth": f"bearer {self._token('sso')}",
            }
            response = self._send(method, url, label=path, headers=headers, **kwargs)
            if response.status_code != 401:
                break
            self.forget_tokens()
            if attempt == 2:
                raise SiasnAuthError(
                    _("SIASN menolak token yang baru diambil (HTTP 401) pada %(path)s.") % {"path": path},
                    status=401,
                    path=path,
                )
        if response.status_code >= 500:
            raise SiasnUnavailable(
                _("SIASN sedang bermasalah (HTTP %(s)d) pada %(path)s.")
                % {"s": response.status_code, "path": path},
                status=response.status_code,
                path=path,
            )
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise SiasnError(
                _("Jawaban SIASN pada %(path)s tidak dapat dibaca (HTTP %(s)d).")
                % {"path": path, "s": response.status_code},
                status=response.status_code,
                path=path,
            )
        if response.status_code >= 400 and "code" not in payload:
            payload = {"code": 0, "message": payload.get("message") or f"HTTP {response.status_code}"}
        return payload

    def data(self, method: str, path: str, *, missing_ok: bool = False, **kwargs):
        """The `data` of a successful answer; code != 1 raises SiasnError with SIASN's message."""
        payload = self.call(method, path, **kwargs)
        if payload.get("code") == 1:
            return payload.get("data")
        if missing_ok:
            return None
        raise SiasnError(
            _("SIASN menolak %(path)s: %(message)s")
            % {"path": path, "message": payload.get("message") or "-"},
            path=path,
            answer=payload,
        )

    # --- reads ----------------------------------------------------------------------------
    def ref_unor(self) -> list[dict]:
        return self.data("GET", REF_UNOR) or []

    def employees_page(self, *, page: int, limit: int) -> dict:
        return self.data("GET", PNS_LIST, params={"page": page, "limit": limit}) or {}

    def data_utama(self, nip: str) -> dict | None:
        return self.data("GET", DATA_UTAMA.format(nip=nip), missing_ok=True)

    def history(self, kind: str, nip: str) -> list[dict]:
        assert kind in HISTORY_KINDS, kind
        return self.data("GET", HISTORY.format(kind=kind, nip=nip), missing_ok=True) or []

    # --- writes ---------------------------------------------------------------------------
    def save_position(self, fields: dict) -> dict:
        return self.call("POST", POSITION_SAVE, json=fields)

    def upload_document(self, *, riwayat_id: str, ref_dokumen: str, filename: str, content: bytes) -> dict:
        return self.call(
            "POST",
            DOCUMENT_UPLOAD,
            data={"id_riwayat": riwayat_id, "id_ref_dokumen": ref_dokumen},
            files={"file": (filename, content, "application/pdf")},
        )

    def save_skp22(self, fields: dict) -> dict:
        return self.call("POST", SKP22_SAVE, json=fields)

"""The BSrE client (tanda tangan elektronik through BSSN's Balai Sertifikasi Elektronik).

Every address, path and field name of the service is in this module (../shared/INTEGRATIONS.md,
"BSrE": read from public client code, not from official documentation), so a difference found on the
real service is one edit here. The v2 JSON API is used: `POST /api/v2/sign/pdf`, `POST
/api/v2/verify/pdf`, `POST /api/v2/user/check/status`.

Settings (environment only, never in code): BSRE_URL (empty: BSrE not configured), BSRE_USERNAME and
BSRE_PASSWORD (the client's HTTP Basic credentials), BSRE_TIMEOUT (seconds), BSRE_SEAL_SUBSCRIBER_ID (the
organisation's seal subscriber id, for regions whose policy asks for a seal).

The passphrase belongs to the signer alone: it is an argument of `sign` and goes into one request
body; it is never stored, logged (this module logs no body, and urllib3 logs only the request line) or
put into an exception message.

Retries (requests + urllib3 `Retry`, with backoff) only where they are safe: a request that never
reached the server (connection refused, DNS) may be sent again; a signing request that reached BSrE is
never re-sent (a wrong passphrase counted twice can lock the certificate). Reads (status, verify)
are also retried on 502/503/504.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

logger = logging.getLogger(__name__)

SIGN_PATH = "/api/v2/sign/pdf"
VERIFY_PATH = "/api/v2/verify/pdf"
STATUS_PATH = "/api/v2/user/check/status"
SEAL_TOTP_PATH = "/api/v2/seal/get/totp"
SEAL_PATH = "/api/v2/seal/pdf"

# BSrE's own error codes as public clients read them ("status_code" in the error body); the HTTP status
# is the fallback. Kept here so the mapping is one edit when the real service differs.
PASSPHRASE_CODES = {2031}
LOCKED_CODES = {2021, 2022}


class BsreError(Exception):
    """Signing did not happen. `kind`: passphrase | locked | unavailable | refused. `reason` is the
    Indonesian text shown to the signer (never contains the passphrase)."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind, self.reason = kind, reason


@dataclass(frozen=True)
class VisibleSignature:
    """Where the visible signature image goes (points from the bottom-left corner of the page)."""

    page: int
    x: float
    y: float
    width: float
    height: float


def configured() -> bool:
    return bool(getattr(settings, "BSRE_URL", ""))


def _session(*, safe: bool) -> requests.Session:
    retry = Retry(
        total=3,
        connect=3,
        read=2 if safe else 0,
        status=2 if safe else 0,
        other=0,
        backoff_factor=0.3,
        status_forcelist=(502, 503, 504) if safe else (),
        # A signing POST is never retried once sent (read and status retries are for reads only).
        allowed_methods=frozenset({"GET", "POST"}) if safe else frozenset({"GET"}),
        raise_on_status=False,
    )
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    username = getattr(settings, "BSRE_USERNAME", "")
    if username:
        session.auth = (username, getattr(settings, "BSRE_PASSWORD", ""))
    return session


def _post(path: str, payload: dict, *, safe: bool) -> requests.Response:
    if not configured():
        raise BsreError("unavailable", "Layanan TTE (BSrE) belum dikonfigurasi.")
    url = settings.BSRE_URL.rstrip("/") + path
    timeout = float(getattr(settings, "BSRE_TIMEOUT", 30))
    try:
        with _session(safe=safe) as session:
            return session.post(url, json=payload, timeout=(5, timeout))
    except requests.RequestException as exc:
        # The message of a requests exception names the URL only; the body is not in it.
        logger.warning("BSrE %s unreachable: %s", path, type(exc).__name__)
        raise BsreError("unavailable", "Layanan TTE (BSrE) tidak dapat dihubungi. Coba lagi nanti.") from None


def _error(response: requests.Response) -> BsreError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    code = body.get("status_code") if isinstance(body, dict) else None
    if code in PASSPHRASE_CODES or response.status_code == 401:
        return BsreError("passphrase", "Passphrase ditolak oleh BSrE. Tidak ada yang ditandatangani.")
    if code in LOCKED_CODES or response.status_code == 423:
        return BsreError("locked", "Sertifikat elektronik penandatangan terkunci atau tidak aktif.")
    if response.status_code >= 500:
        return BsreError(
            "unavailable", f"Layanan TTE (BSrE) gagal (HTTP {response.status_code}). Coba lagi nanti."
        )
    return BsreError("refused", f"BSrE menolak permintaan (HTTP {response.status_code}).")


def _files_of(response: requests.Response, *, count: int) -> list[bytes]:
    """The PDFs of a sign or seal answer (`file`: base64 list), as many as were sent."""
    if response.status_code != 200:
        raise _error(response)
    try:
        files = [base64.b64decode(f) for f in response.json()["file"]]
    except (ValueError, KeyError, TypeError):
        raise BsreError("unavailable", "Jawaban BSrE tidak dapat dibaca. Coba lagi nanti.") from None
    if len(files) != count:
        raise BsreError("unavailable", "BSrE mengembalikan jumlah berkas yang berbeda. Coba lagi nanti.")
    return files


def sign(
    *, nik: str, passphrase: str, files: list[bytes], image: bytes, spots: list[VisibleSignature], reason: str
) -> list[bytes]:
    """Sign PDFs with the signer's certificate; returns the signed files in the same order.

    `spots` are the visible signature positions of the FIRST file (the decree); the other files (the
    petikan) carry theirs on their last page at the same place."""
    image_b64 = base64.b64encode(image).decode()
    payload = {
        "nik": nik,
        "passphrase": passphrase,
        "signatureProperties": [
            {
                "tampilan": "VISIBLE",
                "imageBase64": image_b64,
                "page": s.page,
                "originX": round(s.x, 1),
                "originY": round(s.y, 1),
                "width": round(s.width, 1),
                "height": round(s.height, 1),
                "reason": reason,
            }
            for s in spots
        ],
        "file": [base64.b64encode(f).decode() for f in files],
    }
    return _files_of(_post(SIGN_PATH, payload, safe=False), count=len(files))


def seal(files: list[bytes]) -> list[bytes]:
    """The organisation seal (v2) on already signed PDFs: a one-time TOTP for the instansi's
    subscriber id, then `seal/pdf`. Neither call carries a person's secret; the seal request is not
    re-sent once it reached BSrE (as for signing)."""
    subscriber = getattr(settings, "BSRE_SEAL_SUBSCRIBER_ID", "")
    if not subscriber:
        raise BsreError("refused", "ID segel elektronik instansi (BSRE_SEAL_SUBSCRIBER_ID) belum diatur.")
    response = _post(SEAL_TOTP_PATH, {"idSubscriber": subscriber}, safe=False)
    if response.status_code != 200:
        raise _error(response)
    try:
        totp = str(response.json()["totp"])
    except (ValueError, KeyError, TypeError):
        raise BsreError("unavailable", "Jawaban BSrE tidak dapat dibaca. Coba lagi nanti.") from None
    payload = {
        "idSubscriber": subscriber,
        "totp": totp,
        "file": [base64.b64encode(f).decode() for f in files],
    }
    return _files_of(_post(SEAL_PATH, payload, safe=False), count=len(files))


def verify(data: bytes) -> str:
    """BSrE's conclusion on a PDF ("VALID", "NO_SIGNATURE", ...), or "" when it cannot be asked."""
    if not configured():
        return ""
    try:
        response = _post(VERIFY_PATH, {"file": base64.b64encode(data).decode()}, safe=True)
    except BsreError:
        return ""
    if response.status_code != 200:
        return ""
    try:
        return str(response.json().get("conclusion", ""))[:40]
    except ValueError:
        return ""

"""A fake BSrE for tests and the demo: a small real HTTP server on a loopback port (stdlib).

It speaks the part of the v2 API Simutasi uses (core/bsre.py): `POST /api/v2/sign/pdf` checks the
signer's NIK and passphrase and returns each PDF with a signature appended (the input bytes, then a
trailer line naming the NIK and the input's sha256); `POST /api/v2/verify/pdf` says "VALID" for a file
it signed, "NO_SIGNATURE" otherwise. It can be told to refuse (wrong passphrase), lock the
certificate or fail (HTTP 500) through `mode`, and records what it received (never the passphrase).

Run it for the demo: `make bsre-fake` (BSRE_FAKE_USERS="nik:passphrase,...", port 8765).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEMO_USERS = {"1771010101700001": "rahasia-demo"}
DEMO_SEAL_SUBSCRIBER = "instansi-demo"


@dataclass
class FakeState:
    users: dict[str, str]
    mode: str = "ok"  # ok | refuse | locked | fail
    received: list[dict] = field(default_factory=list)
    signed: set[str] = field(default_factory=set)  # sha256 of every file it returned signed
    seal_subscriber: str = DEMO_SEAL_SUBSCRIBER
    totps: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server_version = "BSrE-fake/1"
    state: FakeState

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature; nothing is logged
        return

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802
        if self.path == "/_fake/received":
            with self.state.lock:
                return self._json(200, {"received": self.state.received, "mode": self.state.mode})
        return self._json(404, {"error": "not found"})

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self._json(400, {"error": "bad json", "status_code": 4000})
        if self.path == "/_fake/mode":
            with self.state.lock:
                self.state.mode = str(body.get("mode", "ok"))
            return self._json(200, {"mode": self.state.mode})
        if self.path == "/api/v2/sign/pdf":
            return self._sign(body)
        if self.path == "/api/v2/verify/pdf":
            return self._verify(body)
        if self.path == "/api/v2/seal/get/totp":
            return self._totp(body)
        if self.path == "/api/v2/seal/pdf":
            return self._seal(body)
        return self._json(404, {"error": "not found"})

    def _sign(self, body: dict):
        st = self.state
        nik = str(body.get("nik", ""))
        files = body.get("file") or []
        ok_pass = st.users.get(nik) is not None and st.users.get(nik) == body.get("passphrase")
        with st.lock:
            st.received.append(
                {
                    "path": self.path,
                    "nik": nik,
                    "files": len(files),
                    "sha256": [hashlib.sha256(base64.b64decode(f)).hexdigest() for f in files],
                    "signature_properties": [
                        {k: v for k, v in p.items() if k != "imageBase64"}
                        for p in body.get("signatureProperties") or []
                    ],
                    "has_image": all(p.get("imageBase64") for p in body.get("signatureProperties") or [{}]),
                    "passphrase_ok": ok_pass,
                }
            )
            mode = st.mode
        if mode == "fail":
            return self._json(500, {"error": "Internal server error", "status_code": 5000})
        if mode == "locked":
            return self._json(423, {"error": "Sertifikat terkunci", "status_code": 2021})
        if mode == "refuse" or not ok_pass:
            return self._json(401, {"error": "Passphrase anda salah", "status_code": 2031})
        out = []
        for f in files:
            data = base64.b64decode(f)
            signed = (
                data + f"\n%BSrE-FAKE-SIGNATURE nik={nik} of={hashlib.sha256(data).hexdigest()}\n".encode()
            )
            with st.lock:
                st.signed.add(hashlib.sha256(signed).hexdigest())
            out.append(base64.b64encode(signed).decode())
        return self._json(200, {"file": out})

    def _totp(self, body: dict):
        if body.get("idSubscriber") != self.state.seal_subscriber:
            return self._json(400, {"error": "idSubscriber tidak dikenal", "status_code": 4001})
        totp = f"{len(self.state.totps) + 100000}"
        with self.state.lock:
            self.state.totps.add(totp)
            self.state.received.append({"path": self.path, "subscriber": body.get("idSubscriber")})
        return self._json(200, {"totp": totp})

    def _seal(self, body: dict):
        st = self.state
        files = body.get("file") or []
        with st.lock:
            ok = body.get("idSubscriber") == st.seal_subscriber and body.get("totp") in st.totps
            st.totps.discard(body.get("totp"))
            st.received.append({"path": self.path, "files": len(files), "totp_ok": ok})
            mode = st.mode
        if mode == "fail":
            return self._json(500, {"error": "Internal server error", "status_code": 5000})
        if not ok:
            return self._json(400, {"error": "TOTP tidak sah", "status_code": 4002})
        out = []
        for f in files:
            sealed = base64.b64decode(f) + b"\n%BSrE-FAKE-SEAL\n"
            with st.lock:
                st.signed.add(hashlib.sha256(sealed).hexdigest())
            out.append(base64.b64encode(sealed).decode())
        return self._json(200, {"file": out})

    def _verify(self, body: dict):
        data = base64.b64decode(body.get("file") or "")
        with self.state.lock:
            valid = hashlib.sha256(data).hexdigest() in self.state.signed
        return self._json(200, {"conclusion": "VALID" if valid else "NO_SIGNATURE"})


class FakeBsre:
    """`with FakeBsre(users={...}) as fake: settings.BSRE_URL = fake.url` (a thread serves it)."""

    def __init__(self, users: dict[str, str] | None = None, host: str = "127.0.0.1", port: int = 0):
        self.state = FakeState(users=dict(users or DEMO_USERS))
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def received(self) -> list[dict]:
        with self.state.lock:
            return list(self.state.received)

    def set_mode(self, mode: str) -> None:
        with self.state.lock:
            self.state.mode = mode

    def __enter__(self) -> FakeBsre:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _users_from_env() -> dict[str, str]:
    raw = os.environ.get("BSRE_FAKE_USERS", "")
    pairs = [p.split(":", 1) for p in raw.split(",") if ":" in p]
    return {nik.strip(): secret for nik, secret in pairs} or DEMO_USERS


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake BSrE on a loopback port (tests and demo).")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BSRE_FAKE_PORT", "8765")))
    args = parser.parse_args()
    fake = FakeBsre(users=_users_from_env(), port=args.port)
    print(f"BSrE palsu di {fake.url} (BSRE_URL={fake.url}); Ctrl-C untuk berhenti.")
    try:
        fake.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake.httpd.server_close()


if __name__ == "__main__":
    main()

"""A fake SIASN for tests and the demo: a real HTTP server on a loopback port (no Django needed).

It serves generated records with SIASN's field names (../shared/INTEGRATIONS.md), issues expiring
gateway and SSO tokens, paginates the employee list, and can be told to answer 401, 500, slowly or
with malformed records. It records every call it receives (path, method, form/JSON fields; uploaded
files by name, size and SHA-256) so tests can count and inspect what Simutasi sent.

    fake = FakeSiasn(); fake.generate(employees=500); base = fake.start()   # http://127.0.0.1:PORT
    ... fake.received_calls("/jabatan/unorjabatan/save") ...; fake.stop()

`python -m siasn.fake --port 8765 --employees 2000` (or `make siasn-fake`) runs it for a developer.
Only 127.0.0.1 is ever bound.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import email.parser
import email.policy
import hashlib
import json
import random
import secrets
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

API_PREFIX = "/apisiasn/1.0"
GATEWAY_TOKEN_PATH = "/oauth2/token"
SSO_TOKEN_PATH = "/auth/realms/public-siasn/protocol/openid-connect/token"

GOLONGAN = [
    ("11", "I/a"), ("12", "I/b"), ("13", "I/c"), ("14", "I/d"),
    ("21", "II/a"), ("22", "II/b"), ("23", "II/c"), ("24", "II/d"),
    ("31", "III/a"), ("32", "III/b"), ("33", "III/c"), ("34", "III/d"),
    ("41", "IV/a"), ("42", "IV/b"), ("43", "IV/c"), ("44", "IV/d"), ("45", "IV/e"),
]  # fmt: skip
PENDIDIKAN = [("15", "SLTA"), ("30", "Diploma III/Sarjana Muda"), ("40", "S-1/Sarjana"), ("45", "S-2")]
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Andi", "Wahyu", "Sri", "Dedi", "Yuni", "Eko", "Lestari"]
LAST = ["Santoso", "Rahayu", "Wijaya", "Lestari", "Saputra", "Hidayat", "Kusuma", "Pratama", "Nugroho"]
JF = ["Pranata Komputer", "Analis Kebijakan", "Perencana", "Arsiparis", "Auditor", "Pranata Humas"]
JF_LEVELS = ["Ahli Pertama", "Ahli Muda", "Ahli Madya"]
PELAKSANA = ["Pengadministrasi Umum", "Pengelola Data", "Pengolah Data", "Bendahara", "Pengemudi"]
AGENCY_NAMES = [
    "Dinas Pendidikan", "Dinas Kesehatan", "Dinas Perhubungan", "Badan Perencanaan Pembangunan Daerah",
    "Dinas Pekerjaan Umum", "Badan Kepegawaian dan Pengembangan SDM", "Dinas Sosial", "Inspektorat",
    "Dinas Pertanian", "Dinas Kependudukan dan Pencatatan Sipil", "Satuan Polisi Pamong Praja",
    "Dinas Lingkungan Hidup",
]  # fmt: skip


def siasn_date(d: dt.date | None) -> str | None:
    return d.strftime("%d-%m-%Y") if d else None


@dataclass
class Call:
    method: str
    path: str  # without the API prefix for API calls
    fields: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)  # name -> {"filename", "size", "sha256"}
    headers: dict = field(default_factory=dict)
    at: float = field(default_factory=time.time)


class FakeSiasn:
    def __init__(
        self,
        *,
        consumer_key: str = "fake-consumer-key",
        consumer_secret: str = "fake-consumer-secret",  # noqa: S107 - the fake's own, not a real secret
        sso_client_id: str = "fakews",
        sso_username: str = "fake-operator",
        sso_password: str = "fake-operator-password",  # noqa: S107 - the fake's own, not a real secret
        token_ttl: int = 3600,
        instansi_id: str = "A5EB03E23C6AF6A0E040640A040252AD",
        instansi_name: str = "Pemerintah Kabupaten Contoh",
        seed: int = 16,
    ):
        self.consumer_key, self.consumer_secret = consumer_key, consumer_secret
        self.sso_client_id, self.sso_username, self.sso_password = sso_client_id, sso_username, sso_password
        self.token_ttl = token_ttl
        self.instansi_id, self.instansi_name = instansi_id, instansi_name
        self.rng = random.Random(seed)
        self.units: list[dict] = []  # ref-unor rows
        self.employees: dict[str, dict] = {}  # nipBaru -> data-utama, in insertion order
        self.histories: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self.documents: dict[str, dict] = {}  # id_riwayat -> the uploaded file's facts
        self.calls: list[Call] = []
        self.tokens: dict[str, tuple[str, float]] = {}  # token -> (kind, expires at)
        self.tokens_issued = {"gateway": 0, "sso": 0}
        self.failures: list[tuple[str, int]] = []  # (path contains, status): answered once each, in order
        self.slow_seconds = 0.0
        self.answer_delays: dict[str, float] = {}  # path contains -> seconds to wait after doing the work
        self.malformed: set[str] = set()  # NIPs answered with a malformed record
        self.lock = threading.RLock()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # --- the data -------------------------------------------------------------------------
    def _id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128)))

    def generate(self, *, employees: int = 100, agencies: int = 6, units_per_agency: int = 3) -> None:
        """A region: the instansi, `agencies` OPDs with `units_per_agency` units each, and employees."""
        root = {"Id": self.instansi_id, "DiatasanId": None, "NamaUnor": self.instansi_name}
        self.units.append(
            {**root, "NamaJabatan": "Bupati", "EselonId": None, "PemimpinPnsId": None, "aktif": True}
        )
        leaves = []
        for a in range(agencies):
            name = AGENCY_NAMES[a % len(AGENCY_NAMES)] + ("" if a < len(AGENCY_NAMES) else f" {a + 1}")
            agency = self.add_unit(name=name, parent=self.instansi_id, head=f"Kepala {name}", eselon="22")
            for u in range(units_per_agency):
                unit = self.add_unit(
                    name=f"Bidang {u + 1} {name}",
                    parent=agency["Id"],
                    head=f"Kepala Bidang {u + 1}",
                    eselon="32",
                )
                leaves.append((agency, unit))
        for i in range(employees):
            agency, unit = leaves[i % len(leaves)]
            self.add_employee(agency=agency, unit=unit, seq=i)

    def add_unit(self, *, name: str, parent: str, head: str = "", eselon: str | None = None) -> dict:
        row = {"Id": self._id(), "DiatasanId": parent, "NamaUnor": name, "NamaJabatan": head,
               "EselonId": eselon, "PemimpinPnsId": None, "aktif": True}  # fmt: skip
        self.units.append(row)
        return row

    def add_employee(self, *, agency: dict, unit: dict, seq: int, **overrides) -> dict:
        rng = self.rng
        while True:
            birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 33))
            tmt_cpns = dt.date(birth.year + rng.randrange(20, 30), rng.randrange(1, 13), 1)
            male = rng.random() < 0.5
            nip = f"{birth:%Y%m%d}{tmt_cpns:%Y%m}{'1' if male else '2'}{rng.randrange(1000):03d}"
            if nip not in self.employees:
                break
        gol_id, gol = GOLONGAN[rng.randrange(8, 14)]
        pend_id, pend = PENDIDIKAN[rng.randrange(len(PENDIDIKAN))]
        if rng.random() < 0.4:
            jenis, title = "2", f"{rng.choice(JF)} {rng.choice(JF_LEVELS)}"
        else:
            jenis, title = "4", rng.choice(PELAKSANA)
        tmt_jabatan = max(tmt_cpns, dt.date(2015, 1, 1)) + dt.timedelta(days=rng.randrange(2500))
        record = {
            "id": self._id(),
            "nipBaru": nip,
            "nipLama": "",
            "nama": f"{rng.choice(FIRST)} {rng.choice(LAST)} {seq}",
            "gelarDepan": "",
            "gelarBelakang": rng.choice(["", "S.Kom.", "S.E.", "S.H.", "M.Si."]),
            "tglLahir": siasn_date(birth),
            "jenisKelamin": "M" if male else "F",
            "statusPegawai": "PNS",
            "kedudukanPnsNama": "Aktif",
            "tmtCpns": siasn_date(tmt_cpns),
            "instansiIndukId": self.instansi_id,
            "unorId": unit["Id"],
            "unorNama": unit["NamaUnor"],
            "unorIndukId": agency["Id"],
            "unorIndukNama": agency["NamaUnor"],
            "jabatanNama": title,
            "jenisJabatan": jenis,
            "eselonId": None,
            "tmtJabatan": siasn_date(tmt_jabatan),
            "golRuangAkhirId": gol_id,
            "golRuangAkhir": gol,
            "tmtGolAkhir": siasn_date(tmt_jabatan),
            "tkPendidikanTerakhirId": pend_id,
            "tkPendidikanTerakhir": pend,
            "pendidikanTerakhirNama": pend.upper(),
            "bupPensiun": "58",
            "email": "",
            "noHp": "",
        }
        record.update(overrides)
        self.employees[record["nipBaru"]] = record
        self.histories[record["nipBaru"]]["rw-jabatan"].append(
            {
                "id": self._id(),
                "unorId": record["unorId"],
                "unorNama": record["unorNama"],
                "namaJabatan": title,
                "jenisJabatan": jenis,
                "tmtJabatan": record["tmtJabatan"],
                "nomorSk": f"821/{seq}/BKPSDM/{tmt_jabatan.year}",
                "tanggalSk": record["tmtJabatan"],
                "jenisPenugasanId": "D",
            }  # fmt: skip
        )
        self.histories[record["nipBaru"]]["rw-golongan"].append(
            {
                "id": self._id(),
                "golonganId": record["golRuangAkhirId"],
                "golongan": record["golRuangAkhir"],
                "tmtGolongan": record["tmtGolAkhir"],
                "skNomor": f"823/{seq}/BKPSDM",
                "skTanggal": record["tmtGolAkhir"],
                "noPertekBkn": "",
                "tglPertekBkn": None,
                "jenisKPId": "101",
                "jenisKPNama": "Reguler",
                "masaKerjaGolonganTahun": 4,
                "masaKerjaGolonganBulan": 0,
            }  # fmt: skip
        )
        return record

    def add_skp(self, nip: str, *, year: int, kuadran: int | str) -> dict:
        """An annual SKP in rw-skp22 (the fields `skp22/save` takes; kuadran 1 Sangat Baik ... 5)."""
        row = {"id": self._id(), "tahun": year, "hasilKinerjaNilai": 2, "perilakuKerjaNilai": 2,
               "kuadranKinerjaNilai": kuadran, "pnsDinilaiId": self.employees[nip]["id"]}  # fmt: skip
        self.histories[nip]["rw-skp22"].append(row)
        return row

    # --- control --------------------------------------------------------------------------
    def fail_next(self, status: int, path_contains: str = "", times: int = 1) -> None:
        with self.lock:
            self.failures.extend([(path_contains, status)] * times)

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens = {t: (k, 0.0) for t, (k, _exp) in self.tokens.items()}

    def received_calls(self, path_contains: str = "", method: str | None = None) -> list[Call]:
        with self.lock:
            return [
                c for c in self.calls if path_contains in c.path and (method is None or c.method == method)
            ]

    def by_pns_id(self, pns_id: str) -> dict | None:
        return next((e for e in self.employees.values() if e["id"] == pns_id), None)

    # --- the server -----------------------------------------------------------------------
    def start(self, port: int = 0) -> str:
        fake = self

        class Handler(_Handler):
            pass

        Handler.fake = fake
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="siasn-fake", daemon=True)
        self.thread.start()
        return self.base_url

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> FakeSiasn:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- answering ------------------------------------------------------------------------
    def _issue(self, kind: str) -> dict:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = (kind, time.time() + self.token_ttl)
            self.tokens_issued[kind] += 1
        return {"access_token": token, "token_type": "Bearer", "expires_in": self.token_ttl}

    def _valid(self, header: str | None, kind: str) -> bool:
        if not header or not header.lower().startswith("bearer "):
            return False
        entry = self.tokens.get(header[7:].strip())
        return bool(entry and entry[0] == kind and entry[1] > time.time())

    def answer(self, method: str, raw_path: str, headers, body: bytes) -> tuple[int, object]:
        url = urlsplit(raw_path)
        path, query = url.path, {k: v[-1] for k, v in parse_qs(url.query).items()}
        fields, files = _parse_body(headers.get("Content-Type", ""), body)
        api = path.startswith(API_PREFIX)
        short = path[len(API_PREFIX) :] if api else path
        with self.lock:
            self.calls.append(Call(method, short, {**query, **fields}, files, dict.fromkeys(headers, "***")))
            failure = next((f for f in self.failures if f[0] in path), None)
            if failure:
                self.failures.remove(failure)
        if self.slow_seconds:
            time.sleep(self.slow_seconds)
        if failure:
            return failure[1], {"code": 0, "message": f"fake failure {failure[1]}"}
        if method == "POST" and path == GATEWAY_TOKEN_PATH:
            key, secret = _basic(headers.get("Authorization")) or (
                fields.get("client_id"),
                fields.get("client_secret"),
            )
            if fields.get("grant_type") != "client_credentials" or (key, secret) != (
                self.consumer_key,
                self.consumer_secret,
            ):
                return 401, {"error": "invalid_client", "error_description": "Client Authentication failed."}
            return 200, self._issue("gateway")
        if method == "POST" and path == SSO_TOKEN_PATH:
            ok = (fields.get("grant_type"), fields.get("client_id"), fields.get("username"), fields.get("password")) == (
                "password", self.sso_client_id, self.sso_username, self.sso_password)  # fmt: skip
            if not ok:
                return 401, {"error": "invalid_grant", "error_description": "Invalid user credentials"}
            return 200, self._issue("sso")
        if not api:
            return 404, {"code": 0, "message": "not found"}
        if not self._valid(headers.get("Authorization"), "gateway") or not self._valid(
            headers.get("Auth"), "sso"
        ):
            return 401, {"code": 0, "message": "Invalid Credentials"}
        answer = self._api(method, short, query, fields, files)
        delay = next((s for p, s in self.answer_delays.items() if p in path), 0)
        if delay:  # the change is recorded; the caller waits for the answer (a worker may die meanwhile)
            time.sleep(delay)
        return answer

    def _api(self, method, path, query, fields, files) -> tuple[int, object]:
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/referensi/ref-unor":
            return 200, {"code": 1, "data": self.units, "message": "success"}
        if method == "GET" and path == "/pns/list-pns":
            limit = min(int(query.get("limit", 100)), 1000)
            page = max(int(query.get("page", 1)), 1)
            rows = list(self.employees.values())[(page - 1) * limit : page * limit]
            return 200, {"code": 1, "message": "success", "data": {
                "total": len(self.employees), "page": page, "limit": limit,
                "items": [self._record(r) for r in rows]}}  # fmt: skip
        if method == "GET" and len(parts) == 3 and parts[0] == "pns":
            nip = parts[2]
            if nip not in self.employees:
                return 200, {"code": 0, "data": None, "message": "Data tidak ditemukan"}
            if parts[1] == "data-utama":
                return 200, {"code": 1, "data": self._record(self.employees[nip]), "message": "success"}
            if parts[1].startswith("rw-"):
                return 200, {"code": 1, "data": self.histories[nip][parts[1]], "message": "success"}
        if method == "POST" and path == "/jabatan/unorjabatan/save":
            return self._save_position(fields)
        if method == "POST" and path == "/upload-dok-rw":
            upload = files.get("file")
            if not upload or not fields.get("id_riwayat"):
                return 200, {"code": 0, "message": "file dan id_riwayat wajib"}
            self.documents[fields["id_riwayat"]] = {**upload, "id_ref_dokumen": fields.get("id_ref_dokumen")}
            return 200, {
                "code": 1,
                "data": {"dok_id": fields["id_ref_dokumen"], "object": upload["sha256"]},
                "message": "success",
            }
        if method == "POST" and path == "/skp22/save":
            employee = self.by_pns_id(fields.get("pnsDinilaiId", ""))
            if employee is None:
                return 200, {"code": 0, "message": "PNS tidak ditemukan"}
            row = {"id": self._id(), **fields}
            self.histories[employee["nipBaru"]]["rw-skp22"].append(row)
            return 200, {"code": 1, "data": {"id": row["id"]}, "message": "success"}
        return 404, {"code": 0, "message": "not found"}

    def _record(self, record: dict) -> dict:
        if record["nipBaru"] in self.malformed:
            return {"nipBaru": record["nipBaru"], "tglLahir": "bukan tanggal", "unorId": None}
        return record

    def _save_position(self, fields: dict) -> tuple[int, object]:
        employee = self.by_pns_id(fields.get("pnsId", ""))
        missing = [k for k in ("pnsId", "unorId", "jenisJabatan", "jenisMutasiId", "jenisPenugasanId",
                               "nomorSk", "tanggalSk", "tmtJabatan") if not fields.get(k)]  # fmt: skip
        if employee is None or missing:
            return 200, {"code": 0, "message": f"data tidak lengkap: {', '.join(missing) or 'pnsId'}"}
        unit = next((u for u in self.units if u["Id"] == fields["unorId"]), None)
        if unit is None:
            return 200, {"code": 0, "message": "unor tidak ditemukan"}
        row = {"id": self._id(), "unorId": unit["Id"], "unorNama": unit["NamaUnor"],
               "namaJabatan": fields.get("namaJabatan", ""), "jenisJabatan": fields["jenisJabatan"],
               "tmtJabatan": fields["tmtJabatan"], "nomorSk": fields["nomorSk"],
               "tanggalSk": fields["tanggalSk"], "jenisPenugasanId": fields["jenisPenugasanId"]}  # fmt: skip
        self.histories[employee["nipBaru"]]["rw-jabatan"].append(row)
        if fields["jenisPenugasanId"] == "D":
            employee.update(unorId=unit["Id"], unorNama=unit["NamaUnor"], tmtJabatan=fields["tmtJabatan"])
        return 200, {"code": 1, "data": {"id": row["id"]}, "message": "success"}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSiasn
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: tests read calls from fake.calls
        pass

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, payload = self.fake.answer(method, self.path, self.headers, body)
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")


def _basic(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    key, _sep, secret = base64.b64decode(header[6:]).decode().partition(":")
    return key, secret


def _parse_body(content_type: str, body: bytes) -> tuple[dict, dict]:
    if not body:
        return {}, {}
    if content_type.startswith("application/json"):
        data = json.loads(body)
        return (data if isinstance(data, dict) else {"_": data}), {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {k: v[-1] for k, v in parse_qs(body.decode()).items()}, {}
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        fields, files = {}, {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            content = part.get_payload(decode=True) or b""
            if part.get_filename():
                files[name] = {"filename": part.get_filename(), "size": len(content),
                               "sha256": hashlib.sha256(content).hexdigest()}  # fmt: skip
            else:
                fields[name] = content.decode()
        return fields, files
    return {}, {}


def main() -> None:  # pragma: no cover - a developer's tool
    parser = argparse.ArgumentParser(description="Fake SIASN on 127.0.0.1 for development.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--agencies", type=int, default=6)
    parser.add_argument("--units-per-agency", type=int, default=3)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    fake = FakeSiasn(seed=args.seed)
    fake.generate(employees=args.employees, agencies=args.agencies, units_per_agency=args.units_per_agency)
    fake.start(args.port)
    print(f"Fake SIASN at {fake.base_url} with {args.employees} employees. Settings for .env:")
    print(f"SIASN_BASE_URL={fake.base_url}{API_PREFIX}")
    print(f"SIASN_GATEWAY_TOKEN_URL={fake.base_url}{GATEWAY_TOKEN_PATH}")
    print(f"SIASN_SSO_TOKEN_URL={fake.base_url}{SSO_TOKEN_PATH}")
    print(f"SIASN_CONSUMER_KEY={fake.consumer_key}\nSIASN_CONSUMER_SECRET={fake.consumer_secret}")
    print(f"SIASN_SSO_CLIENT_ID={fake.sso_client_id}\nSIASN_SSO_USERNAME={fake.sso_username}")
    print(f"SIASN_SSO_PASSWORD={fake.sso_password}\nSIASN_INSTANSI_ID={fake.instansi_id}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":  # pragma: no cover
    main()

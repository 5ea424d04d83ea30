"""Demo transfer requests for `seed_demo` (DESIGN.md 8): requests at every status and stage.

Runs after the organisation, a workload run and the appraisals exist. Every request goes through the
real services with the demo accounts as approvers (so the audit trail and notifications are real),
from Dinas Perhubungan (surplus) into Dinas Kesehatan posts with a need. `pegawai` is never used:
the end-to-end journey starts from a clean `pegawai`. Idempotent: does nothing when the region
already has requests.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core.exceptions import DomainError
from core.types import Actor
from instansi.models import Agency, Employee, Position
from mutasi import demo_preferences, eligibility, services
from mutasi.chains import chains_ensure_defaults
from mutasi.choices import Initiator, Stage
from mutasi.models import SigningIdentity, TransferRequest

User = get_user_model()
DEMO_PDF = b"%PDF-1.4\n% Simutasi demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# (label, stages approved before stopping, then: None / "return" / "reject" / "withdraw" / "approve" ...)
PLAN = [
    ("draft", None, None),
    ("supervisor", 0, None),
    ("origin_head", 1, None),
    ("destination_head", 2, None),
    ("hr_verification", 3, None),
    ("secretary", 4, None),
    ("regional_head", 5, None),
    ("returned", 2, "return"),
    ("rejected", 3, "reject"),
    ("withdrawn", 1, "withdraw"),
    ("approved", 6, None),
    ("decreed", 6, "decree"),
    ("completed", 6, "execute"),
]
APPROVERS = ["atasan", "kadishub", "kadinkes", "bkpsdm", "sekda", "walikota"]


def _out(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _upload_all(request: TransferRequest, actor: Actor) -> None:
    for code in services.transfer.missing_documents(request):
        services.attachment_upload(
            request_id=request.pk,
            actor=actor,
            kind=code,
            uploaded_file=SimpleUploadedFile(f"{code}.pdf", DEMO_PDF, content_type="application/pdf"),
        )


def seed(*, region, stdout=None, employees: int = 0, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    chains_ensure_defaults()
    _signing_identity()
    demo_preferences.seed(region=region, stdout=stdout, today=today)  # issue 21; idempotent on its own
    if TransferRequest.objects.filter(origin_agency__region=region).exists():
        _out(stdout, "  usulan mutasi demo sudah ada; dilewati")
        _seed_consultations(region=region, stdout=stdout, today=today)
        return
    users = {u.username: u for u in User.objects.filter(username__in=[*APPROVERS, "pegawai", "tpk"])}
    missing = [name for name in APPROVERS if name not in users]
    dishub = Agency.objects.filter(region=region, code="DISHUB").first()
    dinkes = Agency.objects.filter(region=region, code="DINKES").first()
    if missing or dishub is None or dinkes is None:
        _out(
            stdout,
            f"  akun/perangkat daerah demo belum lengkap ({', '.join(missing)}); usulan mutasi dilewati",
        )
        return
    hr = users["bkpsdm"]
    atasan_post = users["atasan"].employee.position
    pegawai_id = users["pegawai"].employee.pk if hasattr(users.get("pegawai"), "employee") else None
    persona_ids = set(Employee.objects.filter(user__isnull=False).values_list("pk", flat=True))

    # Candidates: Dinas Perhubungan staff (not a demo account), eligible on the employee side.
    pool = list(
        Employee.objects.filter(position__agency=dishub, is_active=True, position__is_head=False)
        .exclude(pk__in=persona_ids | {pegawai_id})
        .order_by("position__superior_id", "pk")
        .values_list("pk", flat=True)[:400]
    )
    checks = eligibility.check_many(employees=pool, today=today)
    eligible = [pk for pk in pool if checks[pk].passed]
    under_atasan = set(
        Employee.objects.filter(pk__in=eligible, position__superior=atasan_post).values_list("pk", flat=True)
    )
    # Destinations: Dinas Kesehatan non-managerial posts with room (the performance team is not needed).
    posts = list(
        Position.objects.filter(agency=dinkes, required_staff__isnull=False, is_head=False)
        .exclude(kind__in=["jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"])
        .order_by("title")
    )
    counts = eligibility.need_counts([p.pk for p in posts])
    room = {p.pk: p.required_staff - sum(counts[p.pk]) for p in posts}
    posts = [p for p in posts if room[p.pk] > 0]
    if not eligible or not posts:
        _out(
            stdout,
            "  tidak ada pegawai Dishub yang memenuhi syarat atau jabatan Dinkes yang membutuhkan; dilewati",
        )
        return

    made = 0
    used: set[int] = set()
    for label, approvals, ending in PLAN:
        # The supervisor stage only exists for employee-initiated requests from atasan's staff.
        want_supervisor = label == "supervisor"
        choices = [pk for pk in eligible if pk not in used and (pk in under_atasan or not want_supervisor)]
        post = next((p for p in posts if room[p.pk] > 0), None)
        if not choices or post is None:
            continue
        employee = Employee.objects.select_related("position__agency").get(pk=choices[0])
        used.add(employee.pk)
        initiated = Initiator.EMPLOYEE if employee.pk in under_atasan else Initiator.AGENCY
        try:
            request = services.transfer_create(
                actor=hr,
                employee=employee,
                destination_position=post,
                kind="between_agencies",
                reason="Penataan pegawai dari Dinas Perhubungan (kelebihan) ke Dinas Kesehatan (kekurangan) sesuai ABK.",
                preferences=[dinkes.pk],
                initiated_by=initiated,
            )
            _upload_all(request, hr)
            if approvals is None:
                made += 1
                continue
            services.transfer_submit(request_id=request.pk, actor=hr, today=today)
            request.refresh_from_db()
            stages = list(request.steps.filter(round=request.round).values_list("stage", flat=True))
            actors = [users[APPROVERS[_stage_index(s)]] for s in stages]
            target = approvals if initiated == Initiator.EMPLOYEE else max(approvals - 1, 0)
            for actor in actors[:target]:
                services.transfer_approve(request_id=request.pk, actor=actor, note="Setuju.", today=today)
            nxt = actors[target] if target < len(actors) else None
            if ending == "return" and nxt is not None:
                services.transfer_return(
                    request_id=request.pk, actor=nxt, note="Lengkapi surat pernyataan terbaru.", today=today
                )
            elif ending == "reject" and nxt is not None:
                services.transfer_reject(
                    request_id=request.pk,
                    actor=nxt,
                    note="Formasi diprioritaskan untuk tenaga medis.",
                    today=today,
                )
            elif ending == "withdraw":
                services.transfer_withdraw(
                    request_id=request.pk, actor=hr, note="Pegawai membatalkan permohonan."
                )
            elif ending in ("decree", "execute"):
                tmt = (
                    today
                    if ending == "execute"
                    else (today.replace(day=1) + dt.timedelta(days=40)).replace(day=1)
                )
                signer = users["walikota"].employee
                services.decree_issue(actor=hr, request_ids=[request.pk], date=today, tmt=tmt, signer=signer)
                if ending == "execute":
                    services.transfer_execute(request_id=request.pk, today=today)
            if approvals == 6 or ending in ("decree", "execute"):
                room[post.pk] -= 1
            made += 1
        except DomainError as exc:  # a demo row that the rules refuse is reported, not forced
            _out(stdout, f"  {label}: {exc}")
    _out(stdout, f"  {made} usulan mutasi demo dibuat")
    _seed_consultations(region=region, stdout=stdout, today=today)


# Issue 21: two Dinas Perhubungan employees with demo accounts (password as every demo account) for whom
# the plan proposes a move to Dinas Kesehatan: `pegawai2` has not answered yet (their inbox asks them),
# `pegawai3` objected with a document (kadishub's inbox card shows it; going ahead needs a reason).
CONSULTED = (
    ("pegawai2", None),
    ("pegawai3", "Saya sedang kuliah malam S2 di dekat kantor sekarang (jadwal terlampir)."),
)


def _seed_consultations(*, region, stdout, today: dt.date) -> None:
    """Idempotent: an account already made is left as it is (its request too)."""
    from instansi.demo import DEMO_PASSWORD

    users = {u.username: u for u in User.objects.filter(username__in=["bkpsdm", *dict(CONSULTED)])}
    hr = users.get("bkpsdm")
    dishub = Agency.objects.filter(region=region, code="DISHUB").first()
    dinkes = Agency.objects.filter(region=region, code="DINKES").first()
    if hr is None or dishub is None or dinkes is None:
        return
    todo = [(name, objection) for name, objection in CONSULTED if name not in users]
    if not todo:
        return
    pool = list(
        Employee.objects.filter(
            position__agency=dishub, is_active=True, position__is_head=False, user__isnull=True
        )
        .exclude(transfer_requests__isnull=False)  # someone with no request history: a clean story
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    checks = eligibility.check_many(employees=pool, today=today)
    eligible = [pk for pk in pool if checks[pk].passed]
    posts = list(
        Position.objects.filter(agency=dinkes, required_staff__isnull=False, is_head=False)
        .exclude(kind__in=["jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"])
        .order_by("title")
    )
    counts = eligibility.need_counts([p.pk for p in posts])
    posts = [p for p in posts if p.required_staff - sum(counts[p.pk]) > 0]
    for (username, objection), employee_id, post in zip(todo, eligible, posts * 2, strict=False):
        employee = Employee.objects.select_related("position__agency").get(pk=employee_id)
        try:
            with transaction.atomic():
                user = User.objects.create_user(username, password=DEMO_PASSWORD, first_name=employee.name)
                employee.user = user
                employee.save(update_fields=["user"])
                request = services.transfer_create(
                    actor=hr,
                    employee=employee,
                    destination_position=post,
                    kind="between_agencies",
                    reason="Rencana mutasi: Dinas Perhubungan kelebihan pegawai, Dinas Kesehatan kekurangan (ABK).",
                    initiated_by=Initiator.PLAN,
                )
                _upload_all(request, hr)
                services.transfer_submit(request_id=request.pk, actor=hr, today=today)
                if objection:
                    services.consultation_answer(
                        request_id=request.pk,
                        actor=user,
                        answer="object",
                        category="education",
                        reasons=objection,
                        documents=[
                            SimpleUploadedFile("jadwal-kuliah.pdf", DEMO_PDF, content_type="application/pdf")
                        ],
                        today=today,
                    )
        except DomainError as exc:  # refused by the rules: reported, not forced
            _out(stdout, f"  {username}: {exc}")
            continue
        _out(stdout, f"  {username}: usulan {request.number} menunggu tanggapan/keputusan")


# The Walikota's NIK at the fake BSrE of the demo (`make bsre-fake`; its passphrase is in
# tools/fakes/bsre_fake.py DEMO_USERS, a demo value, never a real one).
DEMO_SIGNER_NIK = "1771010101700001"


def _signing_identity() -> None:
    walikota = Employee.objects.filter(user__username="walikota").first()
    if walikota is not None:
        SigningIdentity.objects.get_or_create(employee=walikota, defaults={"nik": DEMO_SIGNER_NIK})


def _stage_index(stage: str) -> int:
    return {
        Stage.SUPERVISOR: 0,
        Stage.ORIGIN_HEAD: 1,
        Stage.DESTINATION_HEAD: 2,
        Stage.HR_VERIFICATION: 3,
        Stage.SECRETARY: 4,
        Stage.REGIONAL_HEAD: 5,
    }[stage]

"""Transfer requests (usulan mutasi), their approval chain, decrees (SK) and follow-up.

DESIGN.md sections 3 (mutasi) and 4. Status transitions are declared here with django-fsm-2; the side
effects (audit rows, notifications, steps) live in `mutasi.services`. TransferPlan and PlanItem (the
optimiser, DESIGN.md 6) are added at the end of this module by their owner.
"""

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.choice_labels import ChoiceLabels
from core.models import TimeStampedModel
from core.types import Actor
from mutasi.choices import (
    AdaptationRating,
    CircumstanceCategory,
    CircumstanceScope,
    ConsultationAnswer,
    Decision,
    DecreeStatus,
    DelegationKind,
    DocumentKind,
    Initiator,
    PaperSize,
    PreferenceKind,
    SignerMode,
    SigningMethod,
    Stage,
    StageCondition,
    Status,
    TransferKind,
    VoiceHeard,
)

# --- transition permissions (django-fsm-2 `permission=`): who may move a request -----------------
# The rules live in mutasi.permissions, which reads these models; MutasiConfig.ready() puts them in
# TRANSITION_RULES, so this module never imports the rules back (no import circle).
TRANSITION_RULES: dict[str, Callable[..., bool]] = {}


def _rule(name: str):
    def permission(request: "TransferRequest", user: Actor) -> bool:
        return TRANSITION_RULES[name](request, user)

    permission.__name__ = permission.__qualname__ = name
    return permission


_is_applicant_or_hr = _rule("is_applicant_or_hr")
_is_hr = _rule("is_hr")
_decides_current_step = _rule("decides_current_step")
_system = _rule("is_system")


class TransferRequest(TimeStampedModel):
    """Usulan mutasi: one employee, one destination post, one chain of stages."""

    number = models.CharField(_("nomor usulan"), max_length=40, unique=True, null=True, blank=True)
    employee = models.ForeignKey(
        "instansi.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="transfer_requests",
    )
    kind = models.CharField(_("jenis mutasi"), max_length=20, choices=TransferKind.choices)
    initiated_by = models.CharField(
        _("diusulkan oleh"), max_length=10, choices=Initiator.choices, default=Initiator.EMPLOYEE
    )
    # Origin is a snapshot taken at creation: the employee's post may change later (DESIGN.md 3).
    origin_position = models.ForeignKey(
        "instansi.Position",
        verbose_name=_("jabatan asal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_transfers",
    )
    origin_agency = models.ForeignKey(
        "instansi.Agency",
        verbose_name=_("perangkat daerah asal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin_position_title = models.CharField(_("nama jabatan asal"), max_length=200, blank=True)
    origin_agency_name = models.CharField(_("perangkat daerah asal (teks)"), max_length=200, blank=True)
    destination_position = models.ForeignKey(
        "instansi.Position",
        verbose_name=_("jabatan tujuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_transfers",
    )
    destination_agency = models.ForeignKey(
        "instansi.Agency",
        verbose_name=_("perangkat daerah tujuan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Outgoing transfers go to another instansi, which has no post in this database.
    external_instansi = models.CharField(_("instansi lain"), max_length=200, blank=True)
    reason = models.TextField(_("alasan"))
    preferences = models.JSONField(
        _("preferensi perangkat daerah"),
        default=list,
        blank=True,
        help_text=_("Sampai 3 id perangkat daerah."),
    )
    status = FSMField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    current_stage = models.CharField(
        _("tahap saat ini"), max_length=20, choices=Stage.choices, blank=True, db_index=True
    )
    round = models.PositiveSmallIntegerField(_("putaran pengajuan"), default=0)
    eligibility_snapshot = models.JSONField(_("hasil cek kelayakan saat diajukan"), default=dict, blank=True)
    eligibility_rechecked = models.JSONField(
        _("hasil cek kelayakan saat verifikasi"), default=dict, blank=True
    )
    override_reason = models.TextField(_("alasan pengecualian"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikecualikan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pilkada_letter_number = models.CharField(_("nomor persetujuan Mendagri"), max_length=100, blank=True)
    milestones = models.JSONField(_("tahapan eksternal"), default=dict, blank=True)
    # REGULATION.md 1.2 "destination has a need ... or a swap": two requests in opposite directions
    # between two posts (each applicant holds the other's destination) are linked at submission.
    swap_with = models.OneToOneField(
        "self",
        verbose_name=_("bertukar dengan usulan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    completed_at = models.DateTimeField(_("dilaksanakan"), null=True, blank=True)
    decree = models.ForeignKey(
        "mutasi.Decree",
        verbose_name=_("SK"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("usulan mutasi")
        verbose_name_plural = _("usulan mutasi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["employee", "status"]),
            models.Index(fields=["destination_position", "status"]),
            models.Index(fields=["status", "current_stage"]),
            # Lists show the newest first (ordering): read backwards with LIMIT instead of sorting
            # every request with its joins (HR's /mutasi/ at 885 requests: 7.5 -> 1.7 ms).
            models.Index(fields=["created_at", "id"], name="transfer_newest_first"),
        ]

    def __str__(self) -> str:
        return self.number or f"Usulan #{self.pk}"

    # Transitions: the model only moves its own status; services do the rest (STYLE.md, django-fsm-2).
    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED],
        target=Status.IN_REVIEW,
        permission=_is_applicant_or_hr,
    )
    def submit(self) -> None:
        self.round += 1

    @transition(
        field=status, source=Status.IN_REVIEW, target=Status.APPROVED, permission=_decides_current_step
    )
    def approve(self) -> None:
        self.current_stage = ""

    @transition(
        field=status, source=Status.IN_REVIEW, target=Status.REJECTED, permission=_decides_current_step
    )
    def reject(self) -> None:
        self.current_stage = ""

    @transition(
        field=status, source=Status.IN_REVIEW, target=Status.RETURNED, permission=_decides_current_step
    )
    def return_to_applicant(self) -> None:
        self.current_stage = ""

    @transition(
        field=status,
        source=[Status.DRAFT, Status.IN_REVIEW, Status.RETURNED],
        target=Status.WITHDRAWN,
        permission=_is_applicant_or_hr,
    )
    def withdraw(self) -> None:
        self.current_stage = ""

    # HR cancels after the final decision and before execution (approved, or decreed with TMT not
    # yet reached); before the decision the applicant withdraws and approvers reject instead.
    @transition(
        field=status,
        source=[Status.APPROVED, Status.DECREED],
        target=Status.CANCELLED,
        permission=_is_hr,
    )
    def cancel(self) -> None:
        self.current_stage = ""

    @transition(field=status, source=Status.APPROVED, target=Status.DECREED, permission=_is_hr)
    def mark_decreed(self, decree: "Decree") -> None:
        self.decree = decree

    @transition(field=status, source=Status.DECREED, target=Status.COMPLETED, permission=_system)
    def complete(self) -> None:
        pass

    @property
    def is_open(self) -> bool:
        from mutasi.choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES


class ApprovalChain(TimeStampedModel):
    """Ordered stages per kind of transfer, editable by HR in the admin (DESIGN.md 4 defaults)."""

    kind = models.CharField(_("jenis mutasi"), max_length=20, choices=TransferKind.choices, unique=True)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("rantai persetujuan")
        verbose_name_plural = _("rantai persetujuan")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class ChainStage(ChoiceLabels):
    chain = models.ForeignKey(
        ApprovalChain, verbose_name=_("rantai"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices)
    condition = models.CharField(
        _("syarat"), max_length=24, choices=StageCondition.choices, default=StageCondition.ALWAYS
    )

    class Meta:
        verbose_name = _("tahap rantai")
        verbose_name_plural = _("tahap rantai")
        ordering = ["chain", "order"]
        constraints = [models.UniqueConstraint(fields=["chain", "stage"], name="mutasi_chainstage_once")]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_stage_display()}"


class ApprovalStep(ChoiceLabels):
    """One stage of one request in one submission round, with its resolved approver post."""

    request = models.ForeignKey(
        TransferRequest, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="steps"
    )
    round = models.PositiveSmallIntegerField(_("putaran"), default=1)
    order = models.PositiveSmallIntegerField(_("urutan"))
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices)
    # Resolved at submission (DESIGN.md 4): a post for person stages, a group for hr / performance_team.
    approver_position = models.ForeignKey(
        "instansi.Position",
        verbose_name=_("jabatan pemutus"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver_title = models.CharField(_("pemutus"), max_length=200, blank=True)
    approver_group = models.CharField(_("kelompok pemutus"), max_length=32, blank=True)
    activated_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    due_date = models.DateField(_("tenggat"), null=True, blank=True, db_index=True)
    reminded_on = models.DateField(_("diingatkan"), null=True, blank=True)
    escalated_on = models.DateField(_("dieskalasi"), null=True, blank=True)
    decision = models.CharField(
        _("keputusan"), max_length=10, choices=Decision.choices, default=Decision.PENDING, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("atas nama"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("catatan"), blank=True)
    # Issue 21: an approver who goes ahead although the employee objected must say why.
    against_objection_reason = models.TextField(_("alasan melanjutkan meski pegawai keberatan"), blank=True)
    decided_at = models.DateTimeField(_("waktu keputusan"), null=True, blank=True)

    class Meta:
        verbose_name = _("tahap persetujuan")
        verbose_name_plural = _("tahap persetujuan")
        ordering = ["request", "round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "round", "order"], name="mutasi_step_unique_order")
        ]
        indexes = [models.Index(fields=["decision", "stage"])]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_stage_display()}"

    @property
    def is_current(self) -> bool:
        return self.decision == Decision.PENDING and self.activated_at is not None


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Private path, never derived from the uploader's file name (no traversal, no guessing).
    ext = PurePosixPath(filename).suffix.lower()[:8]
    return f"private/transfers/{instance.request_id}/{uuid.uuid4().hex}{ext}"


class Attachment(ChoiceLabels):
    request = models.ForeignKey(
        TransferRequest, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("jenis dokumen"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(_("berkas"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(_("jenis isi"), max_length=60)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diunggah oleh"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["request", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


def decree_pdf_path(instance: "Decree", filename: str) -> str:
    return f"private/decrees/{instance.year}/{uuid.uuid4().hex}.pdf"


def decree_file_path(instance, filename: str) -> str:
    """Every decree file (signed copy, petikan, emblem) is private, under an unguessable name."""
    suffix = PurePosixPath(filename).suffix.lower() or ".pdf"
    return f"private/decrees/files/{uuid.uuid4().hex}{suffix}"


class Decree(TimeStampedModel):
    """Surat Keputusan (SK) mutasi: one decree may list many employees (lampiran)."""

    region = models.ForeignKey(
        "instansi.Region", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT
    )
    # Unique per region: every region numbers its own decrees (the default pattern is the same).
    # A draft (konsep) has no number yet: the number is taken when it is issued (docs/ARCHITECTURE.md
    # "Decrees"), so a discarded draft never leaves a gap or a cancelled number in the register.
    number = models.CharField(_("nomor SK"), max_length=100, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    seq = models.PositiveIntegerField(_("nomor urut"), null=True, blank=True)
    date = models.DateField(_("tanggal SK"))
    tmt = models.DateField(_("TMT"), db_index=True)
    signer = models.ForeignKey(
        "instansi.Employee", verbose_name=_("penandatangan"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("nama penandatangan"), max_length=200)
    signer_title = models.CharField(_("jabatan penandatangan"), max_length=200)
    # "a.n." when someone other than the regional head signs for them (REGULATION.md 1.1).
    on_behalf = models.BooleanField(_("a.n. kepala daerah"), default=False)
    pdf = models.FileField(_("PDF"), upload_to=decree_pdf_path, blank=True, max_length=255)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DecreeStatus.choices, default=DecreeStatus.ISSUED, db_index=True
    )
    signer_mode = models.CharField(
        _("kedudukan penandatangan"), max_length=4, choices=SignerMode.choices, default=SignerMode.HEAD
    )
    signer_nip = models.CharField(_("NIP penandatangan"), max_length=24, blank=True)
    signer_rank = models.CharField(_("pangkat penandatangan"), max_length=60, blank=True)
    subject = models.CharField(_("tentang"), max_length=255, blank=True)
    # The random, unguessable key of the public verification page (/verifikasi/<token>/, the QR code).
    verify_token = models.CharField(_("token verifikasi"), max_length=64, unique=True, null=True, blank=True)
    signed_pdf = models.FileField(
        _("PDF bertanda tangan"), upload_to=decree_file_path, blank=True, max_length=255
    )
    signed_sha256 = models.CharField(
        _("SHA-256 PDF bertanda tangan"), max_length=64, blank=True, db_index=True
    )
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditandatangani oleh"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # Where the visible signature goes on each signing spot (page, x, y, width, height), from the render.
    signature_spots = models.JSONField(_("posisi tanda tangan"), default=list, blank=True)
    sign_error = models.CharField(_("alasan gagal tanda tangan terakhir"), max_length=255, blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    # The approved requests a draft will decree. A request is in at most one draft (checked under the
    # request's row lock); on issue they become `requests` (TransferRequest.decree) and this is emptied.
    draft_requests = models.ManyToManyField(
        TransferRequest, verbose_name=_("usulan dalam konsep"), related_name="decree_drafts", blank=True
    )

    class Meta:
        verbose_name = _("SK mutasi")
        verbose_name_plural = _("SK mutasi")
        ordering = ["-date", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "seq"], name="mutasi_decree_seq_unique"),
            models.UniqueConstraint(fields=["region", "number"], name="mutasi_decree_number_unique"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(number__isnull=False, seq__isnull=False),
                name="mutasi_decree_numbered_unless_draft",
            ),
        ]

    def __str__(self) -> str:
        return self.number or _("Konsep SK #%(pk)s") % {"pk": self.pk}


class DecreeCounter(ChoiceLabels):
    """Per-region, per-year decree sequence; locked with SELECT ... FOR UPDATE when a number is taken."""

    region = models.ForeignKey(
        "instansi.Region", verbose_name=_("pemerintah daerah"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    last_seq = models.PositiveIntegerField(_("nomor urut terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor SK")
        verbose_name_plural = _("penghitung nomor SK")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="mutasi_decree_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.year}: {self.last_seq}"


class DecreeExtract(TimeStampedModel):
    """Petikan: the extract of a decree for one employee, with only their own entry (REGULATION.md 6).
    Downloadable by that employee and HR (mutasi.permissions.may_download_petikan)."""

    decree = models.ForeignKey(
        Decree, verbose_name=_("SK"), on_delete=models.CASCADE, related_name="extracts"
    )
    request = models.OneToOneField(
        TransferRequest, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="extract"
    )
    pdf = models.FileField(_("PDF petikan"), upload_to=decree_file_path, max_length=255)
    pdf_sha256 = models.CharField(_("SHA-256 petikan"), max_length=64)
    signed_pdf = models.FileField(
        _("petikan bertanda tangan"), upload_to=decree_file_path, blank=True, max_length=255
    )
    signed_sha256 = models.CharField(_("SHA-256 petikan bertanda tangan"), max_length=64, blank=True)
    signature_spots = models.JSONField(_("posisi tanda tangan"), default=list, blank=True)

    class Meta:
        verbose_name = _("petikan SK")
        verbose_name_plural = _("petikan SK")
        ordering = ["decree_id", "request_id"]

    def __str__(self) -> str:
        return f"{self.decree_id}/{self.request_id}"


class DecreeTemplate(TimeStampedModel):
    """The region's decree texts and form (REGULATION.md 6), edited by HR in the admin with a preview.

    Every text field defaults to the texts the regulation cites (mutasi.documents.defaults); a missing
    row means the defaults. Placeholders: {kepala} (e.g. "Walikota Manna"), {daerah} ("Kota Manna"),
    {tmt} (the decree's TMT), {jumlah} (number of employees)."""

    region = models.OneToOneField(
        "instansi.Region", verbose_name=_("pemerintah daerah"), on_delete=models.CASCADE, related_name="+"
    )
    emblem = models.FileField(
        _("lambang daerah (PNG/JPEG)"), upload_to=decree_file_path, blank=True, max_length=255
    )
    place_name = models.CharField(
        _("nama daerah pada kop"),
        max_length=100,
        blank=True,
        help_text=_('Mis. "Manna" untuk "WALIKOTA MANNA".'),
    )
    city = models.CharField(_('tempat "Ditetapkan di"'), max_length=100, blank=True)
    subject = models.CharField(_("tentang"), max_length=255, default="MUTASI PEGAWAI NEGERI SIPIL")
    menimbang = models.TextField(_("menimbang (satu butir per baris)"), blank=True)
    mengingat = models.TextField(_("mengingat (satu butir per baris)"), blank=True)
    decisions = models.TextField(_("diktum KESATU dst. (satu diktum per baris)"), blank=True)
    tembusan = models.TextField(_("tembusan (satu penerima per baris)"), blank=True)
    # Paper size "by policy" (issue 17 point 2): regions print on A4 or F4 (folio).
    paper_size = models.CharField(
        _("ukuran kertas"), max_length=2, choices=PaperSize.choices, default=PaperSize.A4
    )
    # A policy switch keeps wet signing for regions without TTE (issue 17 point 4).
    signing_method = models.CharField(
        _("cara penandatanganan"), max_length=3, choices=SigningMethod.choices, default=SigningMethod.TTE
    )
    # An organisation seal (BSrE v2 /seal/pdf, the instansi's certificate) after the signature, where the
    # region's policy asks for it (issue 17 point 4).
    organisation_seal = models.BooleanField(_("segel elektronik instansi setelah TTE"), default=False)

    class Meta:
        verbose_name = _("format SK daerah")
        verbose_name_plural = _("format SK daerah")

    def __str__(self) -> str:
        return str(self.region)


class SigningIdentity(TimeStampedModel):
    """The NIK a signer is registered with at BSrE (the certificate holder). The passphrase is never
    stored anywhere: the signer types it at the moment of signing."""

    employee = models.OneToOneField(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    nik = models.CharField(_("NIK terdaftar di BSrE"), max_length=16)

    class Meta:
        verbose_name = _("identitas TTE")
        verbose_name_plural = _("identitas TTE")

    def __str__(self) -> str:
        return str(self.employee_id)


class DelegationQuerySet(models.QuerySet):
    def overlapping(self, start: dt.date, end: dt.date) -> "DelegationQuerySet":
        """Delegations in force on some day between `start` and `end` (both inclusive): not revoked,
        their own period (also inclusive) meeting that one."""
        return self.filter(start__lte=end, end__gte=start, revoked_at__isnull=True)

    def active_on(self, day: dt.date | None = None) -> "DelegationQuerySet":
        """Delegations in force on `day` (today by default): the one definition of "a Plt/Plh acts
        on that day". mutasi.permissions.acts_for_today_sql states the same condition in SQL."""
        day = day or timezone.localdate()
        return self.overlapping(day, day)


class Delegation(TimeStampedModel):
    """Plt/Plh: `delegate` acts for the holder of `position` between `start` and `end` (inclusive)."""

    position = models.ForeignKey(
        "instansi.Position", verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="delegations"
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaksana"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    kind = models.CharField(
        _("jenis"), max_length=4, choices=DelegationKind.choices, default=DelegationKind.PLH
    )
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"))
    reason = models.CharField(_("dasar penunjukan"), max_length=255, blank=True)
    letter_number = models.CharField(_("nomor surat perintah"), max_length=100, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("pelaksana tugas/harian")
        verbose_name_plural = _("pelaksana tugas/harian")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="mutasi_delegation_dates"
            )
        ]
        indexes = [models.Index(fields=["delegate", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position} ({self.start}–{self.end})"


class PostTransferEvaluation(TimeStampedModel):
    """Evaluation +3 and +6 months after TMT: the new head rates adaptation, the employee adds a view."""

    request = models.ForeignKey(
        TransferRequest, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="evaluations"
    )
    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    months_after = models.PositiveSmallIntegerField(_("bulan setelah TMT"))
    due_date = models.DateField(_("jatuh tempo"), db_index=True)
    adaptation = models.CharField(_("adaptasi"), max_length=10, choices=AdaptationRating.choices, blank=True)
    training_needs = models.TextField(_("kebutuhan pelatihan"), blank=True)
    head_note = models.TextField(_("catatan atasan"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dinilai oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    employee_view = models.TextField(_("pandangan pegawai"), blank=True)
    # Issue 21 point 5: was the employee's objection or wish heard (does consultation work?).
    voice_heard = models.CharField(
        _("keberatan/keinginan didengar"), max_length=8, choices=VoiceHeard.choices, blank=True
    )
    employee_answered_at = models.DateTimeField(_("dijawab pegawai"), null=True, blank=True)
    reminded_on = models.DateField(_("diingatkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluasi pascamutasi")
        verbose_name_plural = _("evaluasi pascamutasi")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "months_after"], name="mutasi_evaluation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.request} +{self.months_after} bln"

    @property
    def is_complete(self) -> bool:
        return self.rated_at is not None and self.employee_answered_at is not None


# --- Issue 21: the employee takes part in moves they did not ask for ---------------------------------
class Consultation(TimeStampedModel):
    """The employee's answer at their own stage (Stage.EMPLOYEE) of a request they did not initiate.

    The deadline is the step's `due_date` (Policy.stage_deadlines["employee"], working days). An objection
    in a category the policy marks as protecting (Policy.protecting_categories, with a document when
    Policy.protecting_needs_document) blocks the request until HR overrides it with a reason.
    """

    step = models.OneToOneField(
        ApprovalStep, verbose_name=_("tahap"), on_delete=models.CASCADE, related_name="consultation"
    )
    request = models.ForeignKey(
        TransferRequest, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="consultations"
    )
    answer = models.CharField(
        _("jawaban pegawai"), max_length=8, choices=ConsultationAnswer.choices, blank=True, db_index=True
    )
    category = models.CharField(
        _("kategori keberatan"), max_length=12, choices=CircumstanceCategory.choices, blank=True
    )
    reasons = models.TextField(_("alasan"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dijawab oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Decided when the answer is recorded, from the policy in force then.
    protecting = models.BooleanField(_("keberatan yang melindungi"), default=False)
    override_reason = models.TextField(_("alasan BKPSDM melanjutkan"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dilanjutkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("dilanjutkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("konsultasi pegawai")
        verbose_name_plural = _("konsultasi pegawai")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["request", "answer"])]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_answer_display() or _('menunggu jawaban')}"

    @property
    def is_objection(self) -> bool:
        return self.answer == ConsultationAnswer.OBJECT

    @property
    def is_blocking(self) -> bool:
        """A protecting objection HR has not overridden: the request may not go ahead."""
        return self.is_objection and self.protecting and self.overridden_at is None


def circumstance_document_path(instance: "Circumstance", filename: str) -> str:
    ext = PurePosixPath(filename).suffix.lower()[:8]
    return f"private/circumstances/{instance.employee_id}/{uuid.uuid4().hex}{ext}"


class PlacementPreference(TimeStampedModel):
    """A standing wish or dislike of the employee: an agency, a unit (a place) or a post, until an end date.

    Exactly one target is set. Read by the plan optimiser (wish: bonus, dislike: cost) and shown to those
    who decide a move of the employee (mutasi.permissions).
    """

    employee = models.ForeignKey(
        "instansi.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="placement_preferences",
    )
    kind = models.CharField(_("jenis"), max_length=8, choices=PreferenceKind.choices)
    agency = models.ForeignKey(
        "instansi.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        "instansi.Unit",
        verbose_name=_("unit kerja/tempat"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.ForeignKey(
        "instansi.Position",
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("preferensi penempatan")
        verbose_name_plural = _("preferensi penempatan")
        ordering = ["employee", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(agency__isnull=False, unit__isnull=True, position__isnull=True)
                    | models.Q(agency__isnull=True, unit__isnull=False, position__isnull=True)
                    | models.Q(agency__isnull=True, unit__isnull=True, position__isnull=False)
                ),
                name="mutasi_preference_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.agency or self.unit or self.position}"


class Circumstance(TimeStampedModel):
    """A circumstance that makes a move hard for the employee (family, health, spouse's posting, ...),
    with an optional document and an end date. Private: the employee, HR and the deciders of a move of
    theirs (mutasi.permissions.may_read_circumstances)."""

    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="circumstances"
    )
    category = models.CharField(_("kategori"), max_length=12, choices=CircumstanceCategory.choices)
    scope = models.CharField(
        _("berlaku untuk"),
        max_length=16,
        choices=CircumstanceScope.choices,
        default=CircumstanceScope.ANY_MOVE,
    )
    description = models.TextField(_("uraian"))
    document = models.FileField(
        _("dokumen pendukung"), upload_to=circumstance_document_path, max_length=255, blank=True
    )
    document_name = models.CharField(_("nama berkas"), max_length=200, blank=True)
    document_type = models.CharField(_("jenis isi"), max_length=60, blank=True)
    document_size = models.PositiveIntegerField(_("ukuran (byte)"), null=True, blank=True)
    document_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("keadaan pegawai")
        verbose_name_plural = _("keadaan pegawai")
        ordering = ["employee", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.employee_id})"

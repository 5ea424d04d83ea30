"""Stable vocabularies of the transfer workflow (DESIGN.md section 4; also used in the API)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferKind(models.TextChoices):
    ROTATION = "rotation", _("Rotasi dalam perangkat daerah")
    BETWEEN_AGENCIES = "between_agencies", _("Antar perangkat daerah")
    OUTGOING = "outgoing", _("Mutasi keluar (ke instansi lain)")
    INCOMING = "incoming", _("Mutasi masuk (dari instansi lain)")


class Initiator(models.TextChoices):
    EMPLOYEE = "employee", _("Atas permintaan sendiri")
    AGENCY = "agency", _("Usul perangkat daerah")
    PLAN = "plan", _("Rencana mutasi")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    IN_REVIEW = "in_review", _("Dalam proses")
    APPROVED = "approved", _("Disetujui")
    DECREED = "decreed", _("SK terbit")
    COMPLETED = "completed", _("Selesai")
    RETURNED = "returned", _("Dikembalikan")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Ditarik")
    CANCELLED = "cancelled", _("Dibatalkan")


# A request in one of these still reserves the employee (REGULATION.md 1.2 "single open request").
OPEN_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.RETURNED, Status.APPROVED, Status.DECREED)
# Still before the final decision: the applicant may withdraw (issue 5, point 3).
WITHDRAWABLE_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.RETURNED)


class Stage(models.TextChoices):
    # Issue 21: the employee's own stage in a move they did not ask for (consultation, first stage).
    EMPLOYEE = "employee", _("Pegawai yang bersangkutan")
    SUPERVISOR = "supervisor", _("Atasan langsung")
    ORIGIN_HEAD = "origin_head", _("Kepala perangkat daerah asal")
    DESTINATION_HEAD = "destination_head", _("Kepala perangkat daerah tujuan")
    HR_VERIFICATION = "hr_verification", _("Verifikasi BKPSDM")
    PERFORMANCE_TEAM = "performance_team", _("Tim Penilai Kinerja")
    SECRETARY = "secretary", _("Sekretaris Daerah")
    REGIONAL_HEAD = "regional_head", _("Kepala Daerah (PPK)")


class StageCondition(models.TextChoices):
    ALWAYS = "always", _("Selalu")
    EMPLOYEE_INITIATED = "employee_initiated", _("Hanya bila diusulkan pegawai sendiri")
    NOT_EMPLOYEE_INITIATED = "not_employee_initiated", _("Hanya bila tidak diusulkan pegawai sendiri")
    MANAGERIAL_DESTINATION = (
        "managerial_destination",
        _("Hanya bila jabatan tujuan JPT/administrator/pengawas"),
    )


class Decision(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    RETURNED = "returned", _("Dikembalikan")
    CLOSED = "closed", _("Tidak diproses")  # the request left the chain (withdrawn, rejected earlier)


class DocumentKind(models.TextChoices):
    # REGULATION.md 1.2 "Required documents"; Policy.required_documents picks them per kind.
    REQUEST_LETTER = "request_letter", _("Surat permohonan")
    RELEASE_CONSENT = "release_consent", _("Persetujuan melepas")
    ACCEPT_CONSENT = "accept_consent", _("Persetujuan menerima")
    NO_SANCTION_STATEMENT = "no_sanction_statement", _("Pernyataan tidak sedang hukuman disiplin")
    NO_STUDY_STATEMENT = "no_study_statement", _("Pernyataan tidak tugas belajar/ikatan dinas")
    LAST_DECREE = "last_decree", _("SK pangkat/jabatan terakhir")
    APPRAISALS = "appraisals", _("SKP dua tahun terakhir")
    INSPECTORATE_CLEARANCE = "inspectorate_clearance", _("Surat bebas temuan Inspektorat")
    ANJAB_ABK = "anjab_abk", _("Anjab/ABK jabatan")
    OBJECTION = "objection", _("Dokumen pendukung keberatan")
    OTHER = "other", _("Lainnya")


# The consents are given by the heads approving their stage (origin_head releases, destination_head
# accepts), so the applicant is never asked to upload them before submitting (docs/ARCHITECTURE.md).
CONSENT_DOCUMENTS = frozenset({DocumentKind.RELEASE_CONSENT, DocumentKind.ACCEPT_CONSENT})


class DelegationKind(models.TextChoices):
    PLT = "plt", _("Plt (Pelaksana Tugas)")
    PLH = "plh", _("Plh (Pelaksana Harian)")


class Milestone(models.TextChoices):
    # Outgoing / incoming transfers: external steps HR records (DESIGN.md section 4).
    BKN_REVIEW = "bkn_review", _("Pertimbangan teknis BKN")
    OTHER_PPK_LETTER = "other_ppk_letter", _("Surat PPK instansi lain")


class AdaptationRating(models.TextChoices):
    VERY_GOOD = "very_good", _("Sangat baik")
    GOOD = "good", _("Baik")
    FAIR = "fair", _("Cukup")
    POOR = "poor", _("Kurang")


class DecreeStatus(models.TextChoices):
    """The decree register (issue 17 point 6): a draft (konsep) has no number; a number is taken when the
    decree is issued (its document is built in the same transaction) and is never given again, even when
    the decree is cancelled. draft -> issued -> signed; issued or signed -> cancelled; a draft is
    discarded (deleted), never cancelled."""

    DRAFT = "draft", _("Konsep, belum bernomor")
    ISSUED = "issued", _("Terbit, menunggu tanda tangan")
    SIGNED = "signed", _("Ditandatangani")
    CANCELLED = "cancelled", _("Dibatalkan")


class SignerMode(models.TextChoices):
    """How the signer appears under a decree (REGULATION.md 6): the elected head signs with title and
    name only; "a.n." and "Plt."/"Plh." signers add pangkat and NIP."""

    HEAD = "head", _("Kepala daerah")
    ON_BEHALF = "an", _("a.n. kepala daerah")
    PLT = "plt", _("Plt. kepala daerah")
    PLH = "plh", _("Plh. kepala daerah")


class PaperSize(models.TextChoices):
    A4 = "A4", "A4 (210 x 297 mm)"
    F4 = "F4", "F4 (215 x 330 mm)"


class SigningMethod(models.TextChoices):
    TTE = "tte", _("Tanda tangan elektronik (BSrE)")
    WET = "wet", _("Tanda tangan basah (cetak, tanda tangani, pindai, unggah)")


# --- Issue 21: consultation, objections and standing preferences -------------------------------
class ConsultationAnswer(models.TextChoices):
    AGREE = "agree", _("Setuju")
    OBJECT = "object", _("Keberatan")
    # Written by the nightly job when the deadline passed without an answer.
    SILENT = "silent", _("Tidak menjawab sampai tenggat (dianggap tidak keberatan)")


# What the nightly job records, and pages show, when the employee did not answer by the deadline.
SILENCE_TEXT = _("Tidak menjawab sampai tenggat — dianggap tidak keberatan")


class CircumstanceCategory(models.TextChoices):
    """Why a move is hard for the employee: the category of a standing circumstance or an objection."""

    FAMILY = "family", _("Keluarga")
    HEALTH = "health", _("Kesehatan")
    SPOUSE = "spouse", _("Penempatan suami/istri")
    EDUCATION = "education", _("Pendidikan")
    OTHER = "other", _("Lainnya")


class CircumstanceScope(models.TextChoices):
    """Which moves a circumstance stands against."""

    ANY_MOVE = "any_move", _("Setiap perpindahan jabatan")
    OTHER_AGENCY = "other_agency", _("Perpindahan ke perangkat daerah lain")


class PreferenceKind(models.TextChoices):
    WISH = "wish", _("Bersedia/ingin ditempatkan")
    DISLIKE = "dislike", _("Tidak ingin ditempatkan")


class VoiceHeard(models.TextChoices):
    """Post-transfer evaluation: was the employee's objection or wish heard (issue 21 point 5)."""

    YES = "yes", _("Ya, didengar")
    PARTLY = "partly", _("Sebagian")
    NO = "no", _("Tidak didengar")
    NOT_APPLICABLE = "na", _("Tidak menyampaikan keberatan atau keinginan")

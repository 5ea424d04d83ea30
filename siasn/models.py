"""SIASN integration records: code mappings, import runs and their records, the outbox, reconciliation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choice_labels import ChoiceLabels
from core.models import TimeStampedModel


class MappingKind(models.TextChoices):
    GOLONGAN = "golongan", _("Golongan (golRuangAkhirId)")
    EDUCATION = "education", _("Jenjang pendidikan (tkPendidikanTerakhirId)")
    POSITION_KIND = "position_kind", _("Jenis jabatan (jenisJabatan/eselon/jenjang)")
    SANCTION_KIND = "sanction_kind", _("Jenis hukuman disiplin (jenisHukumanId)")
    SKP_PREDICATE = "skp_predicate", _("Predikat SKP (kuadranKinerjaNilai)")


class CodeMapping(TimeStampedModel):
    """One SIASN code and the Simutasi value it stands for; HR corrects them in the admin."""

    kind = models.CharField(_("jenis"), max_length=16, choices=MappingKind.choices)
    siasn_code = models.CharField(_("kode SIASN"), max_length=64)
    siasn_name = models.CharField(_("nama di SIASN"), max_length=200, blank=True)
    value = models.CharField(
        _("nilai di Simutasi"),
        max_length=32,
        help_text=_(
            "Golongan 'III/a'; pendidikan 's1'; jenis jabatan 'pelaksana'; hukuman 'ringan'/'sedang'/'berat'; "
            "predikat SKP 'sangat_baik'/'baik'/'butuh_perbaikan'/'kurang'/'sangat_kurang'."
        ),
    )

    class Meta:
        verbose_name = _("pemetaan kode SIASN")
        verbose_name_plural = _("pemetaan kode SIASN")
        ordering = ["kind", "siasn_code"]
        constraints = [models.UniqueConstraint(fields=["kind", "siasn_code"], name="siasn_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.siasn_code} -> {self.value}"


class ImportSource(models.TextChoices):
    WEBSERVICE = "webservice", _("Web service SIASN")
    SPREADSHEET = "spreadsheet", _("Berkas ekspor SIASN (XLSX/CSV)")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu pratinjau")
    PREVIEWING = "previewing", _("Pratinjau berjalan")
    PREVIEWED = "previewed", _("Pratinjau siap")
    APPLYING = "applying", _("Diterapkan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ImportRun(TimeStampedModel):
    region = models.ForeignKey(
        "instansi.Region", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT
    )
    source = models.CharField(_("sumber"), max_length=16, choices=ImportSource.choices)
    with_histories = models.BooleanField(
        _("ambil riwayat"),
        default=False,
        help_text=_(
            "Riwayat jabatan, golongan, SKP 2022, hukuman disiplin, CLTN dan tugas belajar per pegawai."
        ),
    )
    file = models.FileField(_("berkas"), upload_to="siasn/imports/%Y/%m", blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dimulai oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    units = models.JSONField(_("pohon unor"), default=list, blank=True)
    units_applied = models.BooleanField(_("unor diterapkan"), default=False)
    counts = models.JSONField(_("ringkasan"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("untuk diterapkan"), default=0)
    done = models.PositiveIntegerField(_("sudah diterapkan"), default=0)
    # the last record applied: the batches go in id order, each one moving this mark in its transaction
    applied_through = models.BigIntegerField(_("diterapkan sampai baris"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)
    analysed = models.BooleanField(_("statistik diperbarui (ANALYZE)"), default=False)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor SIASN")
        verbose_name_plural = _("impor SIASN")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status == ImportStatus.DONE else 0)
        )


class Outcome(models.TextChoices):
    NEW = "new", _("Baru (belum ada di sini)")
    CHANGED = "changed", _("Berubah")
    UNCHANGED = "unchanged", _("Tidak berubah")
    ABSENT = "absent", _("Hanya di Simutasi (tidak ada di SIASN)")
    REFUSED = "refused", _("Ditolak")


class ImportRecordQuerySet(models.QuerySet):
    def pending(self):
        """The records still to write: to apply and after the run's mark."""
        return self.filter(pending_q())

    def applied(self):
        return self.filter(to_apply=True).exclude(pending_q())


def pending_q() -> models.Q:
    return models.Q(to_apply=True, id__gt=models.F("run__applied_through"))


class ImportRecord(ChoiceLabels):
    """One employee of a run: what the preview found and whether it is to be written (`to_apply`);
    written once the run's mark (`ImportRun.applied_through`) has passed it. The mark, not a flag on
    each record: marking 100,000 records applied one batch at a time was a new version of every record
    row (1.8 s of the apply, docs/BENCHMARKS.md "SIASN import")."""

    run = models.ForeignKey(
        ImportRun, verbose_name=_("impor SIASN"), on_delete=models.CASCADE, related_name="records"
    )
    nip = models.CharField(_("NIP"), max_length=40)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)  # field -> [here, SIASN]
    reason = models.TextField(_("alasan penolakan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)  # normalised values to write
    to_apply = models.BooleanField(_("untuk diterapkan"), default=False)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("baris impor SIASN")
        verbose_name_plural = _("baris impor SIASN")
        ordering = ["run", "id"]
        indexes = [
            models.Index(fields=["run", "outcome"]),
            models.Index(
                fields=["run", "id"], condition=models.Q(to_apply=True), name="siasn_record_to_apply"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nip} ({self.get_outcome_display()})"

    @property
    def pending(self) -> bool:
        """Still to write (reads the run: select it with the record)."""
        return self.to_apply and self.pk > self.run.applied_through


class SiasnHistory(models.Model):
    """A history row read from SIASN that has no home of its own here (rw-hukdis, rw-cltn, rw-tubel,
    rw-golongan) for the eligibility rules; rw-jabatan goes to instansi.PlacementHistory and rw-skp22 to
    kinerja.RecordedPredicate."""

    employee = models.ForeignKey(
        "instansi.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="siasn_histories",
    )
    kind = models.CharField(_("riwayat"), max_length=16)
    siasn_id = models.CharField(_("ID SIASN"), max_length=64, blank=True)
    start = models.DateField(_("mulai"), null=True, blank=True)
    end = models.DateField(_("selesai"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict)
    fetched_at = models.DateTimeField(_("diambil"), auto_now=True)

    class Meta:
        verbose_name = _("riwayat dari SIASN")
        verbose_name_plural = _("riwayat dari SIASN")
        indexes = [models.Index(fields=["employee", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}-{self.end}"


class OutboxKind(models.TextChoices):
    POSITION = "position", _("Perubahan jabatan (unorjabatan/save)")
    DOCUMENT = "document", _("Dokumen SK (upload-dok-rw)")
    SKP22 = "skp22", _("SKP tahunan (skp22/save)")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class OutboxMessage(TimeStampedModel):
    """One change to send to SIASN, written in the same transaction as the change itself."""

    kind = models.CharField(_("jenis"), max_length=10, choices=OutboxKind.choices)
    key = models.CharField(_("kunci"), max_length=100, unique=True)  # one row per change, ever
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="+"
    )
    transfer = models.ForeignKey(
        "mutasi.TransferRequest", verbose_name=_("usulan mutasi"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    after = models.ForeignKey(
        "self",
        verbose_name=_("setelah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followers",
    )
    payload = models.JSONField(_("isi"), default=dict)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    answer = models.JSONField(_("jawaban SIASN"), default=dict, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    riwayat_id = models.CharField(_("ID riwayat SIASN"), max_length=64, blank=True)
    sending_since = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiriman ke SIASN")
        verbose_name_plural = _("kiriman ke SIASN")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} ({self.get_status_display()})"


class ReconciliationRun(TimeStampedModel):
    trigger = models.CharField(_("pemicu"), max_length=16, default="manual")
    checked = models.PositiveIntegerField(_("pegawai diperiksa"), default=0)
    mismatch_count = models.PositiveIntegerField(_("selisih"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("rekonsiliasi SIASN")
        verbose_name_plural = _("rekonsiliasi SIASN")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class Mismatch(ChoiceLabels):
    run = models.ForeignKey(
        ReconciliationRun,
        verbose_name=_("rekonsiliasi SIASN"),
        on_delete=models.CASCADE,
        related_name="mismatches",
    )
    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("data"), max_length=32)
    ours = models.CharField(_("di Simutasi"), max_length=255, blank=True)
    theirs = models.CharField(_("di SIASN"), max_length=255, blank=True)
    action = models.CharField(_("tindakan"), max_length=255)

    class Meta:
        verbose_name = _("selisih dengan SIASN")
        verbose_name_plural = _("selisih dengan SIASN")
        ordering = ["run", "employee", "field"]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.field}: {self.ours} / {self.theirs}"

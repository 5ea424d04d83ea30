"""Organisation master data (instansi); the workload analysis records (ABK) live in the workload app.

Code names in English, user-facing names in Bahasa Indonesia (docs/GLOSSARY.md).
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from instansi.choices import (
    DEFAULT_RETIREMENT_AGE,
    HEAD_TITLES,
    MANAGERIAL_KINDS,
    PJ,
    RETIREMENT_AGE,
    AgencyKind,
    EducationLevel,
    EmployeeStatus,
    Gender,
    Golongan,
    PositionKind,
    RegionKind,
    Rounding,
    SpecialRole,
)
from instansi.nip import format_nip, mask_nip, mask_nip_display, validate_nip


def default_stage_deadlines() -> dict:
    # Working days allowed per approval stage (DESIGN.md section 4); policy default, no source found.
    return {
        "employee": 10,  # issue 21: the employee's answer to a move they did not ask for
        "supervisor": 3,
        "origin_head": 5,
        "destination_head": 5,
        "hr_verification": 5,
        "performance_team": 10,
        "secretary": 5,
        "regional_head": 10,
    }


def default_protecting_categories() -> list:
    # Issue 21's examples: a spouse's posting and health (with a document, Policy.protecting_needs_document).
    return ["spouse", "health"]


# Issue 19 finding 3: what one user may store. Text fields not named here take `text_max_chars`.
MIN_TEXT_LIMIT = 200  # the input layer looks up the Policy only for a text longer than this


def default_text_limits() -> dict:
    return {"reason": 2000, "note": 2000, "description": 1000, "justification": 2000}


def default_required_documents() -> dict:
    # REGULATION.md 1.2 "Required documents"; which apply depends on the kind (a setting).
    common = [
        "request_letter",
        "no_sanction_statement",
        "no_study_statement",
        "last_decree",
        "appraisals",
        "inspectorate_clearance",
    ]
    return {
        "rotation": ["request_letter"],
        "between_agencies": [*common, "release_consent", "accept_consent"],
        "outgoing": [*common, "release_consent", "accept_consent", "anjab_abk"],
        "incoming": [*common, "release_consent", "accept_consent", "anjab_abk"],
    }


class Region(TimeStampedModel):
    """Pemerintah Daerah."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=RegionKind.choices)
    code = models.CharField(_("kode"), max_length=16, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pemerintah daerah")
        verbose_name_plural = _("pemerintah daerah")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def head_title(self) -> str:
        return HEAD_TITLES[RegionKind(self.kind)]


class Policy(TimeStampedModel):
    """Per-region settings of REGULATION.md: every default there is a field HR can change here."""

    region = models.OneToOneField(Region, verbose_name=_("pemerintah daerah"), on_delete=models.CASCADE)

    # --- ABK (REGULATION.md 2; PermenPANRB 1/2020) ---
    effective_hours_per_year = models.PositiveIntegerField(
        _("jam kerja efektif per tahun"),
        default=1250,
        validators=[MinValueValidator(1)],
        help_text=_("Default 1250 jam (75.000 menit); sumber lain memakai 1300 atau 1200."),
    )
    rounding = models.CharField(
        _("pembulatan kebutuhan pegawai"), max_length=16, choices=Rounding.choices, default=Rounding.HALF_UP
    )
    # PJ bands, Permendagri 12/2008: A EJ > 1.00; B 0.90-1.00; C 0.70-0.89; D 0.50-0.69; E < 0.50.
    pj_a_above = models.DecimalField(
        _("PJ A bila EJ di atas"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    pj_b_from = models.DecimalField(
        _("PJ B mulai EJ"), max_digits=4, decimal_places=2, default=Decimal("0.90")
    )
    pj_c_from = models.DecimalField(
        _("PJ C mulai EJ"), max_digits=4, decimal_places=2, default=Decimal("0.70")
    )
    pj_d_from = models.DecimalField(
        _("PJ D mulai EJ"), max_digits=4, decimal_places=2, default=Decimal("0.50")
    )
    workload_schedule_hours = models.PositiveIntegerField(
        _("jadwal analisis (jam)"), default=24, help_text=_("Hasil lebih tua dari ini ditandai usang.")
    )
    workload_keep_days = models.PositiveIntegerField(
        _("simpan hasil analisis (hari)"),
        default=90,
        validators=[MinValueValidator(7)],
        help_text=_(
            "Analisis yang lebih tua dihapus pada jadwal malam, kecuali 10 analisis selesai terakhir (tren), "
            "analisis selesai terakhir tiap bulan, dan analisis yang dipakai rencana mutasi."
        ),
    )

    # --- Mutasi eligibility (REGULATION.md 1.2) ---
    min_years_in_post = models.DecimalField(
        _("minimal tahun dalam jabatan"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("2"),
        help_text=_("PP 11/2017 Pasal 190(3). Default 2 tahun."),
    )
    max_years_in_post = models.DecimalField(
        _("tahun jabatan tanda rotasi"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("5"),
        help_text=_("Lebih dari ini: sinyal 'sudah waktunya rotasi' (bukan penghalang)."),
    )
    new_appointee_from_year = models.PositiveIntegerField(
        _("CASN baru mulai tahun"), default=2024, help_text=_("PermenPANRB 6/2024 Pasal 59.")
    )
    new_appointee_lock_years = models.PositiveIntegerField(
        _("masa tidak boleh pindah instansi (tahun)"), default=10
    )
    skp_years_required = models.PositiveIntegerField(
        _("jumlah tahun SKP minimal Baik"), default=2, help_text=_("Perban 5/2019.")
    )
    retirement_margin_months = models.PositiveIntegerField(
        _("batas bulan sebelum BUP"), default=12, help_text=_("Default 12 bulan (kebijakan daerah).")
    )
    rule_status_pns = models.BooleanField(_("aturan: harus PNS"), default=True)
    rule_no_sanction = models.BooleanField(_("aturan: tidak sedang hukuman disiplin/perkara"), default=True)
    rule_no_study = models.BooleanField(_("aturan: tidak tugas belajar/ikatan dinas"), default=True)
    siasn_max_age_days = models.PositiveIntegerField(
        _("umur maksimal riwayat dari SIASN (hari)"),
        null=True,
        blank=True,
        help_text=_(
            "Bila diisi, riwayat hukuman disiplin dan tugas belajar dibaca dari SIASN: pegawai yang riwayatnya "
            "belum pernah diambil atau lebih tua dari ini mendapat 'perlu diperiksa manual'. Kosong: tidak dipakai."
        ),
    )
    rule_no_audit_finding = models.BooleanField(_("aturan: bebas temuan Inspektorat"), default=True)
    rule_destination_need = models.BooleanField(_("aturan: jabatan tujuan membutuhkan pegawai"), default=True)
    rule_single_open_request = models.BooleanField(_("aturan: satu usulan terbuka"), default=True)
    # Issue 20 point 6: off by default. REGULATION.md 5 names no minimum box for a move, and the box
    # numbering itself is a policy default not confirmed from the regulation's annex.
    min_talent_box = models.PositiveSmallIntegerField(
        _("kotak talenta minimal untuk jabatan manajerial/kunci"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_(
            "Bila diisi (1-9), calon dengan kotak talenta di bawahnya tidak memenuhi syarat mutasi ke jabatan "
            "manajerial atau jabatan kunci (BKPSDM dapat mengecualikan dengan alasan tertulis); tanpa kotak "
            "(penilaian kompetensi tidak ada atau kedaluwarsa): perlu diperiksa manual. Kosong: tidak dipakai."
        ),
    )
    stage_deadlines = models.JSONField(
        _("tenggat per tahap (hari kerja)"), default=default_stage_deadlines, blank=True
    )
    required_documents = models.JSONField(
        _("dokumen wajib per jenis mutasi"), default=default_required_documents, blank=True
    )
    max_upload_mb = models.PositiveIntegerField(_("ukuran unggahan maksimal (MB)"), default=5)
    # Issue 19 finding 3: limits on what one user may store (instansi.limits).
    text_max_chars = models.PositiveIntegerField(
        _("panjang teks maksimal (karakter)"),
        default=4000,
        validators=[MinValueValidator(MIN_TEXT_LIMIT)],
        help_text=_("Untuk setiap isian teks yang tidak disebut dalam batas per isian."),
    )
    text_limits = models.JSONField(
        _("panjang teks maksimal per isian (karakter)"),
        default=default_text_limits,
        blank=True,
        help_text=_('Nama isian dan batasnya, misalnya {"reason": 2000}; paling sedikit 200.'),
    )
    max_files_per_kind = models.PositiveIntegerField(
        _("berkas maksimal per jenis dokumen dalam satu usulan"), default=2, validators=[MinValueValidator(1)]
    )
    max_files_per_request = models.PositiveIntegerField(
        _("berkas maksimal dalam satu usulan"), default=15, validators=[MinValueValidator(1)]
    )
    max_request_upload_mb = models.PositiveIntegerField(
        _("ukuran seluruh berkas satu usulan maksimal (MB)"), default=30, validators=[MinValueValidator(1)]
    )
    max_open_drafts = models.PositiveIntegerField(
        _("draf usulan terbuka maksimal per pegawai"), default=3, validators=[MinValueValidator(1)]
    )
    decree_number_pattern = models.CharField(
        _("pola nomor SK"),
        max_length=100,
        default="800.1.3.3/{seq}/BKPSDM/{year}",
        help_text=_("Gunakan {seq} dan {year}."),
    )
    pilkada_start = models.DateField(_("awal masa Pilkada"), null=True, blank=True)
    pilkada_end = models.DateField(_("akhir masa Pilkada"), null=True, blank=True)

    # --- Kinerja (REGULATION.md 3) ---
    achievement_below = models.DecimalField(
        _("capaian di bawah ekspektasi bila kurang dari (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
    )
    achievement_above = models.DecimalField(
        _("capaian di atas ekspektasi bila lebih dari (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("110"),
    )

    # --- Rencana mutasi (DESIGN.md 6) ---
    weight_education = models.DecimalField(
        _("bobot pendidikan"), max_digits=5, decimal_places=2, default=Decimal("30")
    )
    weight_competency = models.DecimalField(
        _("bobot kompetensi"), max_digits=5, decimal_places=2, default=Decimal("25")
    )
    weight_performance = models.DecimalField(
        _("bobot kinerja (SKP)"), max_digits=5, decimal_places=2, default=Decimal("20")
    )
    weight_rotation = models.DecimalField(
        _("bobot masa jabatan"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    weight_preference = models.DecimalField(
        _("bobot preferensi"), max_digits=5, decimal_places=2, default=Decimal("15")
    )
    penalty_cross_agency = models.DecimalField(
        _("penalti lintas OPD"), max_digits=5, decimal_places=2, default=Decimal("5")
    )
    min_fit = models.DecimalField(
        _("skor kecocokan minimal"), max_digits=5, decimal_places=2, default=Decimal("40")
    )
    weight_talent = models.DecimalField(
        _("bobot talenta (jabatan manajerial/kunci)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        help_text=_(
            "Ditambahkan pada skor kecocokan untuk jabatan manajerial atau jabatan kunci menurut kotak "
            "talenta pegawai (kotak 9 penuh, kotak 1 nol); pegawai kotak 1-3 tidak diusulkan ke sana."
        ),
    )
    penalty_dislike = models.DecimalField(
        _("penalti tempat yang tidak diinginkan"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        help_text=_(
            "Dikurangkan dari skor kecocokan bila pegawai menyatakan tidak ingin ditempatkan di sana."
        ),
    )
    # --- Konsultasi pegawai (issue 21) ---
    protecting_categories = models.JSONField(
        _("kategori keberatan yang melindungi"),
        default=default_protecting_categories,
        blank=True,
        help_text=_(
            "Keberatan dalam kategori ini menahan usulan sampai BKPSDM memutuskan melanjutkan dengan alasan; "
            "rencana mutasi tidak mengusulkan perpindahan yang bertentangan dengan keadaan pegawai "
            "dalam kategori ini."
        ),
    )
    protecting_needs_document = models.BooleanField(
        _("keberatan yang melindungi harus disertai dokumen"), default=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kebijakan daerah")
        verbose_name_plural = _("kebijakan daerah")

    def __str__(self) -> str:
        return f"Kebijakan {self.region}"

    def protects(self, category: str, *, has_document: bool) -> bool:
        """Issue 21: does a circumstance or an objection of this category protect the employee (the plan
        never proposes a move against it; an objection holds the request until HR overrides it)?"""
        return category in (self.protecting_categories or []) and (
            has_document or not self.protecting_needs_document
        )

    def pj_for(self, ej: Decimal | float | None) -> str | None:
        if ej is None:
            return None
        ej = Decimal(str(ej))
        if ej > self.pj_a_above:
            return PJ.A
        if ej >= self.pj_b_from:
            return PJ.B
        if ej >= self.pj_c_from:
            return PJ.C
        if ej >= self.pj_d_from:
            return PJ.D
        return PJ.E


class Agency(TimeStampedModel):
    """Perangkat Daerah (OPD)."""

    region = models.ForeignKey(Region, verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT)
    code = models.CharField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=AgencyKind.choices, default=AgencyKind.DINAS)
    head_position = models.ForeignKey(
        "instansi.Position",
        verbose_name=_("jabatan kepala"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_hr_agency = models.BooleanField(_("BKPSDM"), default=False)
    # The unor id of this OPD in SIASN (siasn app, issue 16); empty for agencies typed here.
    siasn_id = models.CharField(_("ID SIASN"), max_length=64, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]
        # Partial unique indexes, not unique=True: on SQLite a unique column means rebuilding the table,
        # which would drop the triggers of migration 0007.
        constraints = [
            models.UniqueConstraint(
                fields=["siasn_id"], condition=models.Q(siasn_id__isnull=False), name="agency_siasn_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Unit(TimeStampedModel):
    """Bidang / seksi / subbagian: a tree inside an agency."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("perangkat daerah"), on_delete=models.CASCADE, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    siasn_id = models.CharField(_("ID SIASN"), max_length=64, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["siasn_id"], condition=models.Q(siasn_id__isnull=False), name="unit_siasn_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Position(TimeStampedModel):
    """Jabatan. `required_staff` is written by the latest workload run (ABK); None = not analysed."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("perangkat daerah"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    superior = models.ForeignKey(
        "self",
        verbose_name=_("jabatan atasan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    code = models.CharField(_("kode"), max_length=60, unique=True)
    title = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=24, choices=PositionKind.choices)
    grade = models.PositiveSmallIntegerField(
        _("kelas jabatan"), default=7, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    is_head = models.BooleanField(_("kepala perangkat daerah"), default=False)
    special_role = models.CharField(
        _("peran khusus"), max_length=16, choices=SpecialRole.choices, default=SpecialRole.NONE, blank=True
    )
    required_education_levels = models.JSONField(
        _("jenjang pendidikan yang disyaratkan"), default=list, blank=True
    )
    required_education_fields = models.JSONField(
        _("bidang pendidikan yang disyaratkan"), default=list, blank=True
    )
    competency_tags = models.JSONField(_("kompetensi"), default=list, blank=True)
    required_staff = models.PositiveIntegerField(
        _("kebutuhan pegawai (ABK)"), null=True, blank=True, help_text=_("Diisi oleh analisis beban kerja.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["agency", "code"]
        indexes = [models.Index(fields=["agency", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_managerial(self) -> bool:
        return self.kind in MANAGERIAL_KINDS

    @property
    def retirement_age(self) -> int:
        return RETIREMENT_AGE.get(self.kind, DEFAULT_RETIREMENT_AGE)


class Employee(TimeStampedModel):
    """Pegawai ASN. NIP agrees with birth date and gender (REGULATION.md 4)."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    # The PNS id in SIASN (data-utama `id`), needed for every write-back (siasn app, issue 16).
    siasn_id = models.CharField(_("ID SIASN"), max_length=64, null=True, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    front_title = models.CharField(_("gelar depan"), max_length=30, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    status = models.CharField(_("status kepegawaian"), max_length=8, choices=EmployeeStatus.choices)
    golongan = models.CharField(_("golongan"), max_length=8, choices=Golongan.choices, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    education_level = models.CharField(_("jenjang pendidikan"), max_length=8, choices=EducationLevel.choices)
    education_field = models.CharField(_("bidang pendidikan"), max_length=100, blank=True)
    competencies = models.JSONField(_("kompetensi"), default=list, blank=True)
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holders",
    )
    # The agency of `position`, kept by the database itself (triggers, migration 0007: on every insert,
    # on every write of `position`, and when a post moves to another agency), never by Python code:
    # lists filter, count and sort one agency's employees on the index below instead of joining
    # every post of the agency (an exact count of 28,695 employees: 13 -> 4-5 ms, docs/BENCHMARKS.md).
    position_agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah jabatan"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    position_since = models.DateField(_("TMT jabatan"), null=True, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Where the employee would like to go (or not): mutasi.PlacementPreference (issue 21), one home.
    # Flags that block a transfer (REGULATION.md 1.2), each with its date.
    under_sanction = models.BooleanField(_("sedang menjalani hukuman disiplin"), default=False)
    sanction_until = models.DateField(_("hukuman disiplin sampai"), null=True, blank=True)
    in_court_case = models.BooleanField(_("sedang dalam perkara pengadilan"), default=False)
    on_study_assignment = models.BooleanField(_("tugas belajar"), default=False)
    study_until = models.DateField(_("tugas belajar sampai"), null=True, blank=True)
    in_service_bond = models.BooleanField(_("ikatan dinas"), default=False)
    bond_until = models.DateField(_("ikatan dinas sampai"), null=True, blank=True)
    open_audit_finding = models.BooleanField(_("ada temuan Inspektorat terbuka"), default=False)
    audit_finding_date = models.DateField(_("tanggal temuan"), null=True, blank=True)
    # When the sanction and study histories were last read from SIASN (siasn import); see
    # Policy.siasn_max_age_days for what the eligibility rules make of it.
    siasn_checked_at = models.DateTimeField(_("riwayat SIASN diambil"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )

    # The change history is read per employee (by `id`) and by date; its copies of the indexes of the
    # unique NIP, the account and the post served no query and cost every change of an employee four
    # more index entries (a first SIASN import of 100,000 employees: docs/BENCHMARKS.md "SIASN import").
    history = HistoricalRecords(
        excluded_fields=["updated_at", "position_agency"], no_db_index=["nip", "user", "position"]
    )

    # Fields anyone signed in may see about a colleague; the rest is private (issue 2, point 9).
    PUBLIC_FIELDS = ("id", "nip", "name", "front_title", "back_title", "position", "agency")

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "nip"]
        # position_id needs no index of its own here: the ForeignKey already has one (all rows,
        # used by holder lists and SET_NULL on a deleted post), besides the partial one below.
        indexes = [
            models.Index(fields=["name"]),
            # Current holders per post (ABK): an index-only count for one agency's workload step.
            models.Index(
                fields=["position"], condition=models.Q(is_active=True), name="employee_active_position"
            ),
            # One agency's employees in list order: the page (an ordered index scan).
            models.Index(fields=["position_agency", "name", "nip"], name="employee_agency_name"),
            # The same list's exact count, index-only: with one column the B-tree stores each agency id
            # once for all its employees (deduplication), 28 pages for Dinkes' 28,695 employees against
            # 292 in the index above; the count takes 2.3-2.5 ms instead of 5.2 (docs/BENCHMARKS.md).
            models.Index(fields=["position_agency"], name="employee_agency"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["siasn_id"],
                condition=models.Q(siasn_id__isnull=False),
                name="employee_siasn_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip() if self.front_title else self.name
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def nip_masked(self) -> str:
        return mask_nip(self.nip)

    @property
    def nip_masked_display(self) -> str:
        return mask_nip_display(self.nip)

    @property
    def retirement_age(self) -> int:
        return self.position.retirement_age if self.position_id else DEFAULT_RETIREMENT_AGE

    @property
    def retirement_date(self) -> dt.date:
        # BUP: the first day of the month after reaching the retirement age.
        year = self.birth_date.year + self.retirement_age
        month = self.birth_date.month + 1
        if month == 13:
            year, month = year + 1, 1
        return dt.date(year, month, 1)

    def years_in_post(self, on: dt.date | None = None) -> Decimal | None:
        if not self.position_since:
            return None
        # The site's day (Asia/Jakarta), not the server's: between 17:00 and 24:00 UTC they differ.
        on = on or timezone.localdate()
        return (Decimal((on - self.position_since).days) / Decimal("365.25")).quantize(Decimal("0.01"))

    def clean(self) -> None:
        from instansi.nip import nip_agreement_errors

        errors = nip_agreement_errors(self.nip, birth_date=self.birth_date, gender=self.gender)
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError({"nip": errors})


class PlacementHistory(TimeStampedModel):
    """Riwayat jabatan: one row per placement; `end` is empty for the current one."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="placements"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position_title = models.CharField(_("nama jabatan"), max_length=200)
    agency_name = models.CharField(_("perangkat daerah"), max_length=200)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    # The rw-jabatan row's id when the row came from SIASN (siasn import, issue 16); empty for rows typed
    # or written here (a transfer executed by Simutasi), which the import adopts by their start date.
    siasn_id = models.CharField(_("ID SIASN"), max_length=64, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["employee", "-start"]

    def __str__(self) -> str:
        return f"{self.position_title} ({self.start}–{self.end or 'sekarang'})"

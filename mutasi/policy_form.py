"""The region's policy as HR edits it in the admin (issue 18 point 3): labelled fields grouped by subject,
each with its unit, its effect and the rule it comes from; the JSON columns (stage deadlines, required
documents per kind, text limits) are only the storage, edited here one labelled field per stage, kind or
text field. It lives in mutasi because the stages and document kinds are mutasi's vocabulary; the Policy
model stays in instansi (layering: instansi may not import mutasi).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from instansi.models import Policy, default_required_documents, default_stage_deadlines
from mutasi.choices import DocumentKind, Stage, TransferKind

# The text fields the input layer limits by name (instansi.limits); other names in the JSON are kept.
TEXT_FIELDS = {
    "reason": _("alasan usulan"),
    "note": _("catatan keputusan"),
    "description": _("uraian"),
    "justification": _("justifikasi"),
}
DEADLINE_PREFIX = "tenggat_"
DOCUMENTS_PREFIX = "dokumen_"
TEXT_PREFIX = "batas_teks_"
MAX_DEADLINE_DAYS = 90

HELP = {
    "effective_hours_per_year": _(
        "Jam kerja efektif setahun (jam). Kebutuhan pegawai = beban kerja jabatan / nilai ini: makin besar, "
        "makin sedikit pegawai yang dibutuhkan. Bawaan 1.250 jam (PermenPANRB 1/2020); ada daerah yang "
        "memakai 1.300 atau 1.200."
    ),
    "rounding": _(
        "Cara membulatkan kebutuhan pegawai yang pecahan: setengah ke atas (2,5 menjadi 3; 2,4 menjadi 2), "
        "seperti Form C, atau selalu ke atas (2,1 menjadi 3)."
    ),
    "workload_schedule_hours": _(
        "Selang analisis beban kerja terjadwal (jam). Hasil yang lebih tua dari ini ditandai usang di dasbor."
    ),
    "workload_keep_days": _(
        "Lama hasil analisis disimpan (hari, paling sedikit 7). Yang lebih tua dihapus pada jadwal malam, "
        "kecuali 10 analisis terakhir, analisis terakhir tiap bulan dan analisis yang dipakai rencana mutasi."
    ),
    "pj_a_above": _("Efektivitas jabatan (EJ, angka desimal) di atas nilai ini diberi PJ A (sangat baik)."),
    "pj_b_from": _("EJ mulai nilai ini sampai batas PJ A diberi PJ B (baik). Bawaan 0,90."),
    "pj_c_from": _("EJ mulai nilai ini sampai di bawah batas PJ B diberi PJ C (cukup). Bawaan 0,70."),
    "pj_d_from": _(
        "EJ mulai nilai ini sampai di bawah batas PJ C diberi PJ D (sedang); di bawahnya PJ E (kurang). "
        "Bawaan 0,50."
    ),
    "min_years_in_post": _(
        "Lama minimal dalam jabatan sekarang sebelum boleh dimutasi (tahun, boleh desimal: 0,5 = 6 bulan). "
        "Bawaan 2 tahun (PP 11/2017 Pasal 190 ayat 3)."
    ),
    "max_years_in_post": _(
        "Lebih lama dari ini (tahun) dalam satu jabatan: pegawai ditandai 'sudah waktunya rotasi'. Hanya "
        "tanda, bukan penghalang. Bawaan 5 tahun."
    ),
    "new_appointee_from_year": _(
        "CASN yang diangkat mulai tahun ini terkena larangan pindah instansi atas permintaan sendiri "
        "(PermenPANRB 6/2024 Pasal 59)."
    ),
    "new_appointee_lock_years": _(
        "Lama larangan pindah ke instansi lain bagi CASN baru tersebut (tahun). Bawaan 10 tahun."
    ),
    "skp_years_required": _(
        "Jumlah tahun terakhir yang predikat SKP-nya harus paling rendah Baik (tahun). Bawaan 2 (Perban BKN "
        "5/2019)."
    ),
    "retirement_margin_months": _(
        "Pegawai yang tinggal kurang dari sekian bulan menuju batas usia pensiun (BUP) tidak dapat dimutasi "
        "(bulan). Bawaan 12 (kebijakan daerah)."
    ),
    "siasn_max_age_days": _(
        "Bila diisi (hari), riwayat hukuman disiplin dan tugas belajar dibaca dari SIASN; riwayat yang belum "
        "diambil atau lebih tua dari ini membuat syarat itu 'perlu diperiksa manual'. Kosongkan bila tidak "
        "memakai SIASN."
    ),
    "rule_status_pns": _(
        "Dicentang: hanya PNS yang dapat dimutasi, bukan CPNS atau PPPK (Perban BKN 5/2019)."
    ),
    "rule_no_sanction": _(
        "Dicentang: pegawai yang sedang menjalani hukuman disiplin atau perkara tidak dapat diusulkan."
    ),
    "rule_no_study": _(
        "Dicentang: pegawai yang sedang tugas belajar atau ikatan dinas tidak dapat diusulkan."
    ),
    "rule_no_audit_finding": _(
        "Dicentang: pegawai dengan temuan Inspektorat yang belum selesai tidak dapat diusulkan."
    ),
    "rule_destination_need": _(
        "Dicentang: jabatan tujuan harus kekurangan pegawai menurut ABK (atau usulan tukar jabatan)."
    ),
    "rule_single_open_request": _(
        "Dicentang: seorang pegawai hanya boleh punya satu usulan yang sedang berjalan."
    ),
    "max_upload_mb": _("Ukuran satu berkas unggahan paling besar (MB)."),
    "max_files_per_kind": _("Jumlah berkas paling banyak untuk satu jenis dokumen dalam satu usulan."),
    "max_files_per_request": _("Jumlah berkas paling banyak dalam satu usulan."),
    "max_request_upload_mb": _("Ukuran semua berkas satu usulan bersama-sama paling besar (MB)."),
    "max_open_drafts": _("Jumlah draf usulan yang boleh dimiliki seorang pegawai sekaligus."),
    "text_max_chars": _(
        "Panjang isian teks paling banyak (karakter), untuk isian yang tidak punya batas sendiri di bawah. "
        "Paling sedikit 200."
    ),
    "decree_number_pattern": _(
        "Pola nomor SK: {seq} diganti nomor urut tahun itu, {year} diganti tahun. Contoh "
        "800.1.3.3/{seq}/BKPSDM/{year} menjadi 800.1.3.3/12/BKPSDM/2026."
    ),
    "pilkada_start": _(
        "Awal masa larangan penggantian pejabat menjelang Pilkada (6 bulan sebelum penetapan calon). Di "
        "dalam masa ini persetujuan akhir harus mencatat nomor surat persetujuan Mendagri (UU 10/2016 Pasal 71)."
    ),
    "pilkada_end": _("Akhir masa larangan tersebut (akhir masa jabatan kepala daerah)."),
    "achievement_below": _(
        "Rata-rata capaian indikator (persen) di bawah nilai ini: sistem menyarankan rating hasil kerja "
        "'di bawah ekspektasi'. Bawaan 90%."
    ),
    "achievement_above": _(
        "Rata-rata capaian (persen) di atas nilai ini: saran 'di atas ekspektasi'; di antaranya 'sesuai "
        "ekspektasi'. Bawaan 110%."
    ),
    "weight_education": _("Bobot kecocokan jenjang dan bidang pendidikan dalam skor rencana mutasi (poin)."),
    "weight_competency": _("Bobot kecocokan kompetensi dalam skor rencana mutasi (poin)."),
    "weight_performance": _("Bobot predikat SKP tahun-tahun terakhir dalam skor rencana mutasi (poin)."),
    "weight_rotation": _(
        "Bobot lama dalam jabatan (sudah waktunya rotasi) dalam skor rencana mutasi (poin)."
    ),
    "weight_preference": _("Bobot preferensi perangkat daerah yang dinyatakan pegawai (poin)."),
    "penalty_cross_agency": _("Poin yang dikurangkan bila pegawai pindah ke perangkat daerah lain."),
    "min_fit": _(
        "Pasangan pegawai dan jabatan dengan skor di bawah ini tidak diusulkan rencana mutasi (poin)."
    ),
}

FIELDSETS_BEFORE = [
    (
        _("Analisis beban kerja (ABK)"),
        {
            "fields": [
                "effective_hours_per_year",
                "rounding",
                "workload_schedule_hours",
                "workload_keep_days",
            ],
            "description": _("Dasar: PermenPANRB 1/2020 tentang pedoman analisis jabatan dan beban kerja."),
        },
    ),
    (
        _("Prestasi kerja jabatan (PJ) dari efektivitas jabatan (EJ)"),
        {
            "fields": ["pj_a_above", "pj_b_from", "pj_c_from", "pj_d_from"],
            "description": _(
                "Batas harus menurun dari PJ A ke PJ D. Bawaan Permendagri 12/2008: A bila EJ di atas 1,00; "
                "B 0,90-1,00; C 0,70-0,89; D 0,50-0,69; E di bawah 0,50."
            ),
        },
    ),
    (
        _("Syarat mutasi"),
        {
            "fields": [
                "min_years_in_post",
                "max_years_in_post",
                "new_appointee_from_year",
                "new_appointee_lock_years",
                "skp_years_required",
                "retirement_margin_months",
                "siasn_max_age_days",
            ],
            "description": _("Dasar: PP 11/2017 jo. PP 17/2020 Pasal 190-195 dan Peraturan BKN 5/2019."),
        },
    ),
    (
        _("Aturan kelayakan yang dipakai"),
        {
            "fields": [
                "rule_status_pns",
                "rule_no_sanction",
                "rule_no_study",
                "rule_no_audit_finding",
                "rule_destination_need",
                "rule_single_open_request",
            ],
            "description": _(
                "Aturan yang tidak dicentang tidak diperiksa lagi pada daftar periksa usulan baru maupun "
                "pada verifikasi BKPSDM."
            ),
        },
    ),
]
FIELDSETS_AFTER = [
    (
        _("SK dan masa Pilkada"),
        {"fields": ["decree_number_pattern", "pilkada_start", "pilkada_end"]},
    ),
    (
        _("Penilaian kinerja (SKP)"),
        {
            "fields": ["achievement_below", "achievement_above"],
            "description": _("Dasar: PermenPANRB 6/2022; saran rating hasil kerja dari rata-rata capaian."),
        },
    ),
    (
        _("Rencana mutasi: bobot skor kecocokan"),
        {
            "fields": [
                "weight_education",
                "weight_competency",
                "weight_performance",
                "weight_rotation",
                "weight_preference",
                "penalty_cross_agency",
                "min_fit",
            ],
            "description": _(
                "Skor kecocokan = jumlah bobot bagian yang cocok dikurangi penalti; pasangan dengan skor "
                "tertinggi diutamakan."
            ),
        },
    ),
]


def deadline_field(stage: str) -> str:
    return f"{DEADLINE_PREFIX}{stage}"


def documents_field(kind: str) -> str:
    return f"{DOCUMENTS_PREFIX}{kind}"


def text_field(name: str) -> str:
    return f"{TEXT_PREFIX}{name}"


LIMIT_FIELDS = [
    "max_upload_mb",
    "max_files_per_kind",
    "max_files_per_request",
    "max_request_upload_mb",
    "max_open_drafts",
    "text_max_chars",
]
# Every model field the form edits (the JSON columns are written from the form's own fields).
MODEL_FIELDS = [
    "region",
    *(f for _title, spec in FIELDSETS_BEFORE for f in spec["fields"]),
    *LIMIT_FIELDS,
    *(f for _title, spec in FIELDSETS_AFTER for f in spec["fields"]),
]


def policy_fieldsets() -> list[tuple]:
    limits = [*LIMIT_FIELDS, *(text_field(name) for name in TEXT_FIELDS)]
    return [
        (None, {"fields": ["region"]}),
        *FIELDSETS_BEFORE,
        (
            _("Tenggat tahap persetujuan (hari kerja)"),
            {
                "fields": [deadline_field(stage) for stage in Stage.values],
                "description": _(
                    "Hari kerja yang diberikan kepada tiap tahap. Lewat dari itu tahap ditandai terlambat dan "
                    "pengingat dikirim kepada pejabat yang harus memutuskan."
                ),
            },
        ),
        (
            _("Dokumen wajib per jenis mutasi"),
            {
                "fields": [documents_field(kind) for kind in TransferKind.values],
                "description": _(
                    "Dokumen yang dicentang harus diunggah sebelum usulan jenis itu dapat diajukan "
                    "(Peraturan BKN 5/2019)."
                ),
            },
        ),
        (_("Batas unggahan dan isian"), {"fields": limits}),
        *FIELDSETS_AFTER,
    ]


class PolicyForm(forms.ModelForm):
    """One labelled field per stage, kind and limited text field instead of the JSON columns."""

    class Meta:
        model = Policy
        fields = MODEL_FIELDS
        help_texts = HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        deadlines = self._stored("stage_deadlines", default_stage_deadlines())
        for stage in Stage:
            self.fields[deadline_field(stage.value)] = forms.IntegerField(
                label=stage.label,
                min_value=1,
                max_value=MAX_DEADLINE_DAYS,
                initial=deadlines.get(stage.value, default_stage_deadlines().get(stage.value)),
                help_text=_("hari kerja"),
            )
        documents = self._stored("required_documents", default_required_documents())
        choices = [(k.value, k.label) for k in DocumentKind if k != DocumentKind.OTHER]
        for kind in TransferKind:
            self.fields[documents_field(kind.value)] = forms.MultipleChoiceField(
                label=kind.label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=documents.get(kind.value, []),
            )
        limits = self._stored("text_limits", {})
        for name, label in TEXT_FIELDS.items():
            self.fields[text_field(name)] = forms.IntegerField(
                label=_("panjang maksimal %(field)s") % {"field": label},
                min_value=200,
                required=False,
                initial=limits.get(name),
                help_text=_("karakter; kosong: memakai panjang teks maksimal umum"),
            )

    def _stored(self, name: str, default: dict) -> dict:
        value = getattr(self.instance, name, None) if self.instance.pk else None
        return value if isinstance(value, dict) else default

    def clean(self):
        data = super().clean()
        bands = [data.get(f) for f in ("pj_a_above", "pj_b_from", "pj_c_from", "pj_d_from")]
        if None not in bands and not (bands[0] >= bands[1] > bands[2] > bands[3]):
            self.add_error(
                "pj_b_from",
                _("Batas PJ harus menurun: batas PJ A paling rendah sama dengan batas PJ B, lalu B > C > D."),
            )
        low, high = data.get("achievement_below"), data.get("achievement_above")
        if low is not None and high is not None and low >= high:
            self.add_error(
                "achievement_above", _("Batas 'di atas ekspektasi' harus lebih besar dari batas 'di bawah'.")
            )
        start, end = data.get("pilkada_start"), data.get("pilkada_end")
        if bool(start) != bool(end):
            self.add_error("pilkada_end", _("Isi awal dan akhir masa Pilkada, atau kosongkan keduanya."))
        elif start and end and start > end:
            self.add_error("pilkada_end", _("Akhir masa Pilkada tidak boleh sebelum awalnya."))
        pattern = data.get("decree_number_pattern") or ""
        if "{seq}" not in pattern:
            self.add_error("decree_number_pattern", _("Pola nomor SK harus memuat {seq} (nomor urut)."))
        return data

    def save(self, commit: bool = True):
        policy = super().save(commit=False)
        data = self.cleaned_data
        deadlines = dict(self._stored("stage_deadlines", {}))
        deadlines.update({stage: data[deadline_field(stage)] for stage in Stage.values})
        policy.stage_deadlines = deadlines
        documents = dict(self._stored("required_documents", {}))
        documents.update({kind: list(data[documents_field(kind)]) for kind in TransferKind.values})
        policy.required_documents = documents
        limits = {k: v for k, v in self._stored("text_limits", {}).items() if k not in TEXT_FIELDS}
        limits.update({name: data[text_field(name)] for name in TEXT_FIELDS if data.get(text_field(name))})
        policy.text_limits = limits
        if commit:
            policy.save()
            self.save_m2m()
        return policy

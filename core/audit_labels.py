"""What an audit row's codes mean to a reader: every action written by `core.audit.record`, named in
Indonesian, and the status codes of its from/to columns. The codes stay in the database (and in a
tooltip for HR); pages and exports show these words. A test keeps every action in the code named here.

Status labels come from the apps' own choices: each app registers them in its AppConfig.ready()
(`register_states`), so core imports no app.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "transfer.create": _("Usulan mutasi dibuat"),
    "transfer.update": _("Usulan mutasi diubah"),
    "transfer.submit": _("Usulan mutasi diajukan"),
    "transfer.approve": _("Tahap disetujui"),
    "transfer.reject": _("Usulan ditolak"),
    "transfer.return": _("Usulan dikembalikan untuk diperbaiki"),
    "transfer.withdraw": _("Usulan ditarik pemohon"),
    "transfer.cancel": _("Usulan dibatalkan"),
    "transfer.override": _("Syarat dikecualikan (override)"),
    "transfer.overdue": _("Tahap melewati tenggat"),
    "transfer.milestone": _("Tahapan pelaksanaan dicatat"),
    "transfer.swap": _("Mutasi tukar dipasangkan"),
    "transfer.decree": _("SK diterbitkan untuk usulan"),
    "transfer.complete": _("Mutasi dilaksanakan (TMT)"),
    "attachment.upload": _("Dokumen diunggah"),
    "decree.draft": _("Konsep SK disiapkan"),
    "decree.draft_discard": _("Konsep SK dibuang"),
    "consultation.answer": _("Pegawai menanggapi usulan mutasi"),
    "consultation.silent": _("Pegawai tidak menjawab sampai tenggat (dianggap tidak keberatan)"),
    "consultation.against": _("Disetujui meski pegawai keberatan"),
    "consultation.override": _("BKPSDM melanjutkan usulan meski ada keberatan yang melindungi"),
    "decree.issue": _("SK diterbitkan"),
    "decree.pdf": _("Dokumen SK dibuat"),
    "decree.sign": _("SK ditandatangani secara elektronik"),
    "decree.sign_failed": _("Penandatanganan SK gagal"),
    "decree.cancel": _("SK dibatalkan"),
    "delegation.create": _("Plt/Plh ditetapkan"),
    "delegation.revoke": _("Plt/Plh diakhiri"),
    "preference.add": _("Keinginan penempatan dicatat"),
    "preference.remove": _("Keinginan penempatan dihapus"),
    "circumstance.add": _("Keadaan pegawai dicatat"),
    "circumstance.remove": _("Keadaan pegawai dihapus"),
    "circumstance.document": _("Dokumen keadaan pegawai diunggah"),
    "evaluation.answer": _("Evaluasi pascamutasi diisi pegawai"),
    "evaluation.rate": _("Evaluasi pascamutasi dinilai atasan"),
    "evaluation.remind": _("Pengingat evaluasi pascamutasi"),
    "appraisal.create": _("SKP dibuat"),
    "appraisal.plan_add": _("Rencana hasil kerja ditambahkan"),
    "appraisal.plan_delete": _("Rencana hasil kerja dihapus"),
    "appraisal.submit": _("SKP diajukan"),
    "appraisal.agree": _("SKP disetujui atasan"),
    "appraisal.return": _("SKP dikembalikan"),
    "appraisal.realise": _("Realisasi SKP diisi"),
    "appraisal.feedback": _("Umpan balik diberikan"),
    "appraisal.rate": _("SKP dinilai"),
    "appraisal.acknowledge": _("Penilaian diterima pegawai"),
    "appraisal.object": _("Keberatan atas penilaian"),
    "appraisal.finalise": _("SKP difinalkan"),
    "appraisal_period.open": _("Periode penilaian dibuka"),
    "appraisal_period.close": _("Periode penilaian ditutup"),
    "appraisal_batch.start": _("Pembuatan SKP massal dimulai"),
    "appraisal_batch.finish": _("Pembuatan SKP massal selesai"),
    "org_performance.set": _("Predikat kinerja organisasi ditetapkan"),
    "team_goal.create": _("Target tim dibuat"),
    "team_goal.realise": _("Realisasi target tim diisi"),
    "workload.run_start": _("Analisis beban kerja dimulai"),
    "workload.run_finish": _("Analisis beban kerja selesai"),
    "workload.run_fail": _("Analisis beban kerja gagal"),
    "workload.runs_prune": _("Hasil analisis lama dibersihkan"),
    "plan.build": _("Rencana mutasi dibuat"),
    "plan.compute": _("Rencana mutasi dihitung"),
    "plan.resolve": _("Rencana mutasi dihitung ulang"),
    "plan.fail": _("Perhitungan rencana gagal"),
    "plan.apply": _("Rencana mutasi diterapkan"),
    "plan.item_pin": _("Usulan rencana dikunci"),
    "plan.item_unpin": _("Kunci usulan rencana dilepas"),
    "plan.item_remove": _("Usulan rencana dihapus"),
    "talenta.grid.start": _("Perhitungan kotak talenta dimulai"),
    "talenta.grid.finish": _("Kotak talenta selesai dihitung"),
    "talenta.grid.fail": _("Perhitungan kotak talenta gagal"),
    "talenta.key_posts.defaults": _("Jabatan kunci bawaan ditetapkan"),
    "talenta.succession.compute": _("Rencana suksesi dihitung"),
    "talenta.succession.confirm": _("Rencana suksesi dikukuhkan"),
    "talenta.succession.override": _("Kandidat utama suksesi diubah dari urutan sistem"),
    "siasn.import.start": _("Impor dari SIASN dimulai"),
    "siasn.import.apply": _("Impor dari SIASN diterapkan"),
    "siasn.outbox.resend": _("Kiriman ke SIASN diulang"),
    "demo.seed": _("Data demo dimuat"),
    "demo.seed_kinerja": _("Data demo kinerja dimuat"),
}
# Actions whose code ends in a variable part (the model imported): their prefix and label.
ACTION_PREFIX_LABELS = {"instansi.import.": _("Impor data")}

_STATE_LABELS: dict[str, str] = {}


def register_states(choices) -> None:
    """An app's status choices (a TextChoices class), so from/to codes read as their labels."""
    for value, label in choices.choices:
        _STATE_LABELS.setdefault(str(value), label)


def action_label(code: str) -> str:
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    for prefix, label in ACTION_PREFIX_LABELS.items():
        if code.startswith(prefix):
            return f"{label}: {code.removeprefix(prefix)}"
    return code


def state_label(code: str) -> str:
    return str(_STATE_LABELS.get(code, code)) if code else ""


def action_choices() -> list[tuple[str, str]]:
    """The action filter of the audit trail: every known action by its label."""
    return sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: c[1])

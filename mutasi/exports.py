"""XLSX export of the merit evidence (`mutasi.selectors.merit.merit_evidence`): the succession plans,
the transfers into key posts and the decree trace with its stages and totals. Every row goes through
`core.xlsx.safe_row`: names and reasons typed by people stay text, never a formula. Write-only
workbooks, so memory stays flat."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.formatting import date_long, datetime_local, duration_words
from core.xlsx import header_row, safe_row
from mutasi.selectors.merit import DecreeTrace, MeritEvidence
from talenta.choices import CandidateRole
from talenta.selectors.evidence import PersonFacts, PlanFacts

PERSON_HEADERS = (
    "Peringkat",
    "Ukuran kelompok talenta",
    "NIP",
    "Nama",
    "Kotak",
    "Skor kecocokan",
    "Selisih dari kandidat utama",
    "Skor kinerja",
    "Predikat SKP",
    "Tahun SKP",
    "Skor potensi",
    "Status penilaian",
    "Tanggal penilaian",
    "Asesor/lembaga",
    "Penilaian berlaku sampai",
)


def person_values(person: PersonFacts | None, plan: PlanFacts | None) -> list:
    """The columns of PERSON_HEADERS for one person in one plan (blank where a fact is missing)."""
    if person is None or plan is None:
        return [""] * len(PERSON_HEADERS)
    c, e = person.candidate, person.entry
    assessment = e.assessment if e is not None else None
    return [
        c.rank if c else "",
        plan.pool_size,
        person.employee.nip,
        person.employee.full_name,
        e.box if e is not None and e.box is not None else _("perlu diperiksa manual"),
        float(c.score) if c else "",
        float(c.gap) if c else "",
        float(e.performance_score) if e is not None and e.performance_score is not None else "",
        " / ".join(x for x in (e.get_predicate_last_display(), e.get_predicate_prev_display()) if x)
        if e
        else "",
        ", ".join(str(y) for y in plan.plan.grid.skp_years),
        float(e.potential_score) if e is not None and e.potential_score is not None else "",
        e.get_potential_state_display() if e is not None else "",
        date_long(assessment.assessed_on) if assessment else "",
        assessment.assessor if assessment else "",
        date_long(e.assessment_valid_until) if e is not None and e.assessment_valid_until else "",
    ]


def _role(person: PersonFacts, plan: PlanFacts) -> str:
    roles = []
    if person.candidate is not None and person.candidate.role != CandidateRole.POOL:
        roles.append(person.candidate.get_role_display())
    if plan.plan.main_candidate_id == person.employee.pk:
        roles.append(_("dipilih BKPSDM"))
    return ", ".join(roles) or _("di luar kelompok talenta")


def merit_evidence_xlsx(evidence: MeritEvidence) -> bytes:
    """The succession plans, the transfers into key posts, and the decree trace (its stages and totals)."""
    wb = Workbook(write_only=True)
    _plans_sheet(wb, evidence)
    _key_post_sheet(wb, evidence)
    _decree_sheets(wb, evidence)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _plans_sheet(wb, evidence: MeritEvidence) -> None:
    """ "Rencana suksesi": one row per person a plan named (a row saying so for a plan with nobody)."""
    plans = wb.create_sheet(_("Rencana suksesi"))
    plans.append(
        safe_row(plans, [_("Bukti merit manajemen talenta — %(region)s") % {"region": evidence.region}])
    )
    plans.append(
        header_row(
            plans,
            [
                _("Perangkat daerah"),
                _("Jabatan kunci"),
                _("Rencana"),
                _("Per tanggal"),
                _("Kotak talenta per"),
                _("Peran"),
                *(_(h) for h in PERSON_HEADERS),
                _("Dikonfirmasi oleh"),
                _("Waktu konfirmasi"),
                _("Mengubah urutan sistem"),
                _("Alasan konfirmasi"),
            ],
        )
    )
    for facts in evidence.plans:
        plan = facts.plan
        position = plan.key_post.position
        for person in facts.named or [None]:
            plans.append(
                safe_row(
                    plans,
                    [
                        position.agency.name,
                        position.title,
                        plan.pk,
                        date_long(plan.as_of),
                        date_long(plan.grid.as_of),
                        _role(person, facts) if person else _("tidak ada kandidat"),
                        *person_values(person, facts),
                        str(plan.confirmed_by or ""),
                        datetime_local(plan.confirmed_at, empty=""),
                        _("ya") if plan.overrides_ranking else _("tidak"),
                        plan.confirm_reason,
                    ],
                )
            )


def _key_post_sheet(wb, evidence: MeritEvidence) -> None:
    """ "Mutasi jabatan kunci": one row per decided transfer into a key post, with the plan in force."""
    moves = wb.create_sheet(_("Mutasi jabatan kunci"))
    moves.append(
        header_row(
            moves,
            [
                _("Nomor usulan"),
                _("Status"),
                _("Diputuskan"),
                _("Nomor SK"),
                _("Perangkat daerah tujuan"),
                _("Jabatan kunci tujuan"),
                _("Cek talenta saat keputusan"),
                _("Rencana suksesi yang berlaku"),
                _("Kandidat utama rencana"),
                *(_(h) for h in PERSON_HEADERS),
                _("Aturan yang dikecualikan"),
                _("Alasan pengecualian"),
                _("Dikecualikan oleh"),
            ],
        )
    )
    for t in evidence.transfers:
        r = t.request
        main = t.plan.people.get(t.plan.plan.main_candidate_id) if t.plan else None
        main = main or (t.plan.system_main if t.plan else None)
        mover = t.mover or (PersonFacts(employee=r.employee, candidate=None, entry=None) if t.plan else None)
        moves.append(
            safe_row(
                moves,
                [
                    r.number or f"#{r.pk}",
                    r.get_status_display(),
                    datetime_local(r.decided_at, empty=""),
                    r.decree.number if r.decree_id and r.decree.number else "",
                    r.destination_agency.name if r.destination_agency else "",
                    r.destination_position.title,
                    (t.talent_check or {}).get("reason", ""),
                    t.plan.plan.pk if t.plan else _("belum ada rencana suksesi"),
                    main.employee.full_name if main else "",
                    *person_values(mover, t.plan),
                    ", ".join(t.overridden),
                    r.override_reason,
                    str(r.overridden_by or ""),
                ],
            )
        )


DECREE_HEADERS = (
    "Nomor SK",
    "Tanggal SK",
    "TMT",
    "Status SK",
    "Alasan pembatalan SK",
    "Nomor usulan",
    "Status usulan",
    "Jenis mutasi",
    "NIP",
    "Nama",
    "Perangkat daerah asal",
    "Unit kerja asal",
    "Jabatan asal",
    "Perangkat daerah/instansi tujuan",
    "Unit kerja tujuan",
    "Jabatan tujuan",
    "Analisis beban kerja yang berlaku",
    "Kebutuhan pegawai (ABK)",
    "Pegawai saat itu",
    "Kebutuhan: sebelum → sesudah mutasi",
    "Hasil cek kelayakan",
    "Aturan yang dikecualikan",
    "Alasan pengecualian",
    "Dikecualikan oleh",
    "Jabatan kunci",
    "Cek talenta saat keputusan",
    "Kotak talenta",
    "Peringkat suksesi",
    "Ukuran kelompok talenta",
    "Diajukan",
    "Diputuskan",
    "Lama proses",
    "Lama proses (jam)",
    "Tahapan persetujuan",
)
STAGE_HEADERS = (
    "Nomor SK",
    "Nomor usulan",
    "NIP",
    "Nama",
    "Putaran",
    "Urutan",
    "Tahap",
    "Pemutus",
    "Keputusan",
    "Diputuskan oleh",
    "Mulai",
    "Diputuskan",
    "Lama",
    "Lama (jam)",
    "Catatan",
)


def _hours(delta: dt.timedelta | None):
    return round(delta.total_seconds() / 3600, 1) if delta is not None else ""


def _period(evidence: MeritEvidence) -> str:
    parts = [str(evidence.region)]
    if evidence.year is not None:
        parts.append(_("tahun %(y)s") % {"y": evidence.year})
    agency = next((a for a in evidence.agencies if a.pk == evidence.agency_id), None)
    if agency is not None:
        parts.append(agency.name)
    if evidence.decree_number:
        parts.append(_("SK %(n)s") % {"n": evidence.decree_number})
    return ", ".join(parts)


def decree_row(t: DecreeTrace) -> list:
    """The columns of DECREE_HEADERS for one decreed transfer."""
    r, d = t.request, t.request.decree
    mover = t.mover
    return [
        d.number or "",
        date_long(d.date),
        date_long(d.tmt),
        d.get_status_display(),
        d.cancel_reason,
        r.number or f"#{r.pk}",
        r.get_status_display(),
        r.get_kind_display(),
        r.employee.nip,
        r.employee.full_name,
        *t.origin_parts,
        *t.destination_parts,
        _("#%(id)s, selesai %(when)s") % {"id": t.run.pk, "when": datetime_local(t.run.finished_at)}
        if t.run
        else _("tidak ada analisis sebelum keputusan"),
        t.need["required"] if t.need and t.need["required"] is not None else "",
        t.need["holders"] if t.need else "",
        t.need_text,
        t.eligibility_text,
        ", ".join(t.overridden),
        r.override_reason,
        str(r.overridden_by or ""),
        _("ya") if t.into_key_post else _("tidak"),
        t.talent_text,
        mover.entry.box if mover and mover.entry and mover.entry.box is not None else "",
        mover.candidate.rank if mover and mover.candidate else "",
        t.plan.pool_size if t.plan else "",
        r.submitted_at,
        r.decided_at,
        duration_words(t.duration, empty=""),
        _hours(t.duration),
        "; ".join(s.text for s in t.stages),
    ]


def _decree_sheets(wb, evidence: MeritEvidence) -> None:
    """ "Jejak SK" (one row per decreed transfer), "Tahapan persetujuan" (one row per stage of them) and
    "Rekapitulasi SK" (the totals counted by the database)."""
    trace = wb.create_sheet(_("Jejak SK"))
    title = _("Jejak setiap SK mutasi — %(period)s") % {"period": _period(evidence)}
    if evidence.decrees_truncated:
        title += " " + _("(hanya %(n)s baris pertama dari %(total)s; persempit filternya)") % {
            "n": len(evidence.decrees),
            "total": evidence.totals.transfers,
        }
    trace.append(safe_row(trace, [title]))
    trace.append(header_row(trace, [_(h) for h in DECREE_HEADERS]))
    for t in evidence.decrees:
        trace.append(safe_row(trace, decree_row(t)))

    stages = wb.create_sheet(_("Tahapan persetujuan"))
    stages.append(header_row(stages, [_(h) for h in STAGE_HEADERS]))
    for t in evidence.decrees:
        r = t.request
        for st in t.stages:
            s = st.step
            stages.append(
                safe_row(
                    stages,
                    [
                        r.decree.number or "",
                        r.number or f"#{r.pk}",
                        r.employee.nip,
                        r.employee.full_name,
                        s.round,
                        s.order,
                        s.get_stage_display(),
                        s.approver_title,
                        s.get_decision_display(),
                        st.who,
                        s.activated_at,
                        s.decided_at,
                        duration_words(st.duration, empty=""),
                        _hours(st.duration),
                        s.note,
                    ],
                )
            )

    totals = wb.create_sheet(_("Rekapitulasi SK"))
    t = evidence.totals
    totals.append(safe_row(totals, [_("Rekapitulasi — %(period)s") % {"period": _period(evidence)}]))
    totals.append(header_row(totals, [_("Uraian"), _("Jumlah")]))
    for label, n in t.headline:
        totals.append(safe_row(totals, [label, n]))
    totals.append([])
    totals.append(header_row(totals, [_("Perangkat daerah/instansi tujuan"), _("Mutasi ber-SK")]))
    for name, n in t.per_agency:
        totals.append(safe_row(totals, [name, n]))
    totals.append([])
    totals.append(header_row(totals, [_("Jenis mutasi"), _("Mutasi ber-SK")]))
    for kind, n in t.per_kind:
        totals.append(safe_row(totals, [kind, n]))

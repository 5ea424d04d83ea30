"""The talent rule of a move into a managerial or key post (issue 20 point 6; REGULATION.md 5,
PermenPANRB 3/2020): the candidate's box in the region's latest nine-box grid and, for a key post with a
succession plan, their rank in its talent pool, on the checklist itself.

`Policy.min_talent_box` (empty by default: REGULATION.md 5 sets no minimum) turns the information into a
rule: a box below it fails (HR may still approve with a written reason, `eligibility_override`). A
candidate without a box (no valid assessment or missing SKP years, as the grid says) is "needs a manual
check" while the rule is on, never a silent pass or fail; while it is off the check only informs.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.formatting import date_long, number
from instansi.models import Policy
from mutasi.eligibility.checklist import Check, manual
from talenta.choices import PotentialState
from talenta.selectors.placement import DestinationTalent

CODE = "talent_box"


def _rank_text(talent: DestinationTalent, employee_id: int) -> str:
    if talent.plan is None:
        return _("Jabatan kunci ini belum memiliki rencana suksesi.") if talent.is_key_post else ""
    candidate = talent.candidates.get(employee_id)
    if candidate is None:
        return _("Tidak termasuk kelompok talenta rencana suksesi jabatan ini (%(n)s kandidat).") % {
            "n": number(talent.pool_size)
        }
    if candidate.gap:
        return _(
            "Peringkat %(rank)s dari %(n)s dalam rencana suksesi (selisih %(gap)s dari kandidat utama)."
        ) % {
            "rank": candidate.rank,
            "n": number(talent.pool_size),
            "gap": number(candidate.gap, 2),
        }
    return _("Peringkat %(rank)s dari %(n)s dalam rencana suksesi.") % {
        "rank": candidate.rank,
        "n": number(talent.pool_size),
    }


def _why_no_box(entry) -> str:
    if entry is None:
        return _("tidak tercatat dalam kotak talenta terakhir")
    if entry.potential_state == PotentialState.EXPIRED:
        return _("penilaian kompetensi kedaluwarsa")
    if entry.potential_state == PotentialState.MISSING:
        return _("belum ada penilaian kompetensi yang berlaku")
    return _("SKP final dua tahun belum lengkap")


def talent_box(talent: DestinationTalent | None, policy: Policy, *, employee_id: int) -> Check:
    """The box and rank of one candidate (value: the box, or None), against `Policy.min_talent_box`."""
    minimum = policy.min_talent_box
    if talent is None:
        return Check(
            CODE, True, _("Tidak berlaku: jabatan tujuan bukan jabatan manajerial atau jabatan kunci."), None
        )
    rank = _rank_text(talent, employee_id)
    entry = talent.entries.get(employee_id)
    if talent.grid is None or entry is None or entry.box is None:
        why = _("belum ada kotak talenta") if talent.grid is None else _why_no_box(entry)
        text = " ".join(filter(None, [_("Kotak talenta tidak ada (%(why)s).") % {"why": why}, rank]))
        if minimum is None:
            return Check(CODE, True, text, None, blocking=False)
        return manual(CODE, f"{text} {_('Perlu diperiksa manual.')}")
    box_text = _("Kotak %(box)s pada kotak talenta per %(date)s.") % {
        "box": entry.box,
        "date": date_long(talent.grid.as_of),
    }
    text = " ".join(filter(None, [box_text, rank]))
    if minimum is None:
        return Check(CODE, True, text, entry.box, blocking=False)
    if entry.box >= minimum:
        return Check(CODE, True, f"{text} {_('Minimal kotak %(min)s.') % {'min': minimum}}", entry.box)
    return Check(
        CODE,
        False,
        f"{text} "
        + _(
            "Kebijakan daerah mensyaratkan kotak minimal %(min)s untuk jabatan manajerial atau jabatan kunci "
            "(manajemen talenta, PermenPANRB 3/2020)."
        )
        % {"min": minimum},
        entry.box,
    )

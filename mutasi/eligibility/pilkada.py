"""The Pilkada window (UU 10/2016 Pasal 71): a non-blocking check at submission, enforced at the
regional_head stage."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from core.formatting import date_long
from instansi.models import Policy
from mutasi.eligibility.checklist import Check


def pilkada_window(policy: Policy, today: dt.date) -> Check:
    """UU 10/2016 Pasal 71: inside the window the final approval needs the Minister's letter number.
    Shown at submission as information; enforced at the regional_head stage."""
    start, end = policy.pilkada_start, policy.pilkada_end
    if start and end and start <= today <= end:
        return Check(
            "pilkada_window",
            True,
            _(
                "Dalam masa Pilkada (%(s)s s.d. %(e)s): persetujuan akhir memerlukan nomor surat persetujuan "
                "Menteri Dalam Negeri (UU 10/2016 Pasal 71)."
            )
            % {"s": date_long(start), "e": date_long(end)},
            "inside",
            blocking=False,
        )
    return Check("pilkada_window", True, _("Di luar masa Pilkada."), "outside", blocking=False)


def in_pilkada_window(policy: Policy, today: dt.date) -> bool:
    return bool(
        policy.pilkada_start and policy.pilkada_end and policy.pilkada_start <= today <= policy.pilkada_end
    )

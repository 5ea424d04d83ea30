"""What a check answers: one `Check` per rule with a stable code, gathered in a `Checklist`; the
region's `Policy` every rule reads its values from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from instansi.models import Policy

# Stable codes in the order the checklist shows them.
CODES = (
    "status_pns",
    "min_years_in_post",
    "due_for_rotation",
    "new_appointee_lock",
    "no_sanction",
    "no_study_or_bond",
    "performance",
    "no_audit_finding",
    "destination_need",
    "talent_box",
    "single_open_request",
    "retirement_margin",
    "pilkada_window",
)
EMPLOYEE_SIDE_CODES = frozenset(CODES) - {"destination_need", "talent_box", "pilkada_window"}
# Each rule as a reader names it (the exceptions report, tooltips): the code stays for HR and the API.
RULE_LABELS = {
    "status_pns": _lazy("Berstatus PNS"),
    "min_years_in_post": _lazy("Masa kerja minimal di jabatan"),
    "due_for_rotation": _lazy("Sudah waktunya rotasi"),
    "new_appointee_lock": _lazy("Masa tunggu CASN baru"),
    "no_sanction": _lazy("Tidak sedang dijatuhi hukuman disiplin"),
    "no_study_or_bond": _lazy("Tidak tugas belajar atau ikatan dinas"),
    "performance": _lazy("Predikat kinerja (SKP)"),
    "no_audit_finding": _lazy("Bebas temuan Inspektorat"),
    "destination_need": _lazy("Kebutuhan di jabatan tujuan (ABK)"),
    "talent_box": _lazy("Kotak talenta dan peringkat suksesi (jabatan manajerial/kunci)"),
    "single_open_request": _lazy("Hanya satu usulan terbuka"),
    "retirement_margin": _lazy("Jarak dari batas usia pensiun"),
    "pilkada_window": _lazy("Masa Pilkada"),
}


def rule_label(code: str) -> str:
    return str(RULE_LABELS.get(code, code))


# The checklist's three answers (`Checklist.answer`, stored in every snapshot) as a reader names them.
ANSWER_LABELS = {
    "met": _lazy("Memenuhi semua syarat"),
    "manual": _lazy("Ada syarat yang diperiksa manual"),
    "not_met": _lazy("Ada syarat yang tidak terpenuhi"),
}


def answer_label(code: str) -> str:
    return str(ANSWER_LABELS.get(code, code or "-"))


@dataclass
class Check:
    code: str
    passed: bool
    reason: str
    value: str | int | float | None = None
    blocking: bool = True
    # The data the rule needs is missing or stale (e.g. histories from SIASN): neither met nor not met,
    # HR checks by hand (passed is False, but the checklist does not count it as a failure).
    manual: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Checklist:
    items: list[Check] = field(default_factory=list)
    checked_on: str = ""

    @property
    def passed(self) -> bool:
        return all(c.passed or c.manual for c in self.items if c.blocking)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.items if c.blocking and not c.passed and not c.manual]

    @property
    def needs_manual_check(self) -> list[Check]:
        return [c for c in self.items if c.manual]

    @property
    def answer(self) -> str:
        """Three answers: "not_met" (a rule fails), "manual" (data missing or stale), "met"."""
        if self.failed:
            return "not_met"
        return "manual" if self.needs_manual_check else "met"

    def get(self, code: str) -> Check | None:
        return next((c for c in self.items if c.code == code), None)

    def as_list(self) -> list[dict]:
        return [c.as_dict() for c in self.items]

    def snapshot(self) -> dict:
        return {
            "checked_on": self.checked_on,
            "passed": self.passed,
            "answer": self.answer,
            "items": self.as_list(),
        }


def policy_for(region_id: int | None) -> Policy:
    """The region's Policy, or the regulation defaults when the region has none yet."""
    policy = Policy.objects.filter(region_id=region_id).first() if region_id else None
    return policy or Policy()


def disabled(code: str) -> Check:
    return Check(code, True, _("Aturan ini dinonaktifkan dalam kebijakan daerah."))


def manual(code: str, reason: str) -> Check:
    return Check(code, False, reason, None, manual=True)


def order(items: list[Check]) -> list[Check]:
    rank = {code: i for i, code in enumerate(CODES)}
    return sorted(items, key=lambda c: rank[c.code])

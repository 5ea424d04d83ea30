"""The plan's side of the employee's consultation (issue 21): the fit breakdown of the plan item a
transfer request was created from, registered with mutasi.proposals (mutasi never imports planning)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mutasi.proposals import FitExplanation
from planning.choices import PART_LABELS
from planning.models import PlanItem


def fit_for_requests(request_ids: list[int]) -> dict[int, FitExplanation]:
    """Each request's plan item: its total, every part of the breakdown by name, its training needs."""
    found: dict[int, FitExplanation] = {}
    items = PlanItem.objects.filter(transfer_request_id__in=request_ids).order_by("-plan_id", "-pk")
    for item in items.only("plan_id", "transfer_request_id", "fit_total", "breakdown", "training_needs"):
        if item.transfer_request_id in found:
            continue
        breakdown = item.breakdown or {}
        parts = [(str(label), breakdown[key]) for key, label in PART_LABELS.items() if key in breakdown]
        notes = []
        if item.training_needs:
            notes.append(
                _("Kompetensi jabatan tujuan yang perlu dilatih: %(tags)s.")
                % {"tags": ", ".join(str(t) for t in item.training_needs)}
            )
        found[item.transfer_request_id] = FitExplanation(
            source=_("Rencana mutasi #%(plan)s") % {"plan": item.plan_id},
            total=item.fit_total,
            parts=parts,
            notes=notes,
        )
    return found

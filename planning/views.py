"""Pages of the transfer plan for HR (mounted at /rencana/): build, review, edit, re-solve, apply.

Views validate and call a selector or a service; business rules live in planning.services, who may
see or do what in planning.permissions (the buttons too).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from core.paging import list_page, search_text
from instansi.models import Agency
from mutasi.choices import CircumstanceScope
from planning import permissions, selectors, services
from planning.choices import (
    PART_LABELS,
    ItemState,
    LeftOutReason,
    PlanStatus,
    StatedView,
    UnfilledReason,
    ViewLevel,
)

ITEMS_PER_PAGE = 100


class BuildForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama rencana"), required=False, max_length=200)
    agencies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Perangkat daerah (kosongkan untuk seluruh daerah)"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(region=region).order_by("name")


@login_required
def plan_list(request):
    """Plans of the region and, for HR, the form that builds a new one."""
    paging = list_page(
        request, selectors.plan_list(viewer=request.user, filters={"q": search_text(request.GET)})
    )
    region = selectors.region_for(viewer=request.user)
    can_build = permissions.may_change_plans(request.user)
    form = BuildForm(request.POST or None, region=region) if can_build else None
    if request.method == "POST":
        permissions.require_planner(request.user)
        if form.is_valid():
            try:
                plan = services.plan_build(
                    actor=request.user,
                    region=region,
                    agency_ids=[a.pk for a in form.cleaned_data["agencies"]],
                    name=form.cleaned_data["name"],
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("Rencana sedang dihitung."))
                return redirect("planning:detail", pk=plan.pk)
    return render(
        request,
        "planning/list.html",
        {"plans": paging["page"].object_list, "pager": paging, "form": form, "region": region},
    )


@login_required
def plan_detail(request, pk: int):
    """Each move with its score breakdown and the gaps it changes, unfilled slots and why."""
    plan = selectors.plan_get(viewer=request.user, pk=pk)
    state = request.GET.get("state") or ""
    filters = {"state": state} if state in ItemState.values else {}
    page = Paginator(selectors.plan_items(plan=plan, filters=filters), ITEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for item in page.object_list:
        item.parts = [(label, item.breakdown.get(key, 0)) for key, label in PART_LABELS.items()]
        item.view_line = _view_line(item.breakdown)
        item.left_out = [_left_out_line(note) for note in item.breakdown.get("excluded") or []]
    counts = selectors.plan_counts(plan=plan)
    unfilled = [{**u, "reason_label": UnfilledReason(u["reason"]).label} for u in plan.unfilled or []]
    context = {
        "plan": plan,
        "page": page,
        "counts": counts,
        "unfilled": unfilled,
        "state": state,
        "states": [(code, label, counts.get(code, 0)) for code, label in ItemState.choices],
        **permissions.plan_actions(plan, request.user),
        "building": plan.status == PlanStatus.BUILDING,
        "stats": plan.solver_stats or {},
        "stated_views": selectors.plan_view_summary(plan=plan),
        "respect": (plan.solver_stats or {}).get("respect") or {},
    }
    return render(request, "planning/detail.html", context)


def _view_line(breakdown: dict) -> str:
    """ "Sesuai keinginan pegawai (unit kerja/tempat)": the employee's view of the move, and what the
    deciding wish or dislike named."""
    view = StatedView(breakdown.get("view") or StatedView.NONE)
    level = breakdown.get("view_level") or ""
    return f"{view.label} ({ViewLevel(level).label})" if level in ViewLevel.values else str(view.label)


def _left_out_line(note: dict) -> str:
    """ "Dikecualikan: keadaan pegawai — perpindahan ke perangkat daerah lain" (no category: private)."""
    reason = LeftOutReason(note["reason"])
    if reason == LeftOutReason.OBJECTION:
        return f"{reason.label} — {note.get('position_title', '')}"
    scope = note.get("scope") or CircumstanceScope.ANY_MOVE
    return f"{reason.label} — {str(CircumstanceScope(scope).label).lower()}"


def _run(request, fn, success: str, **kwargs):
    try:
        fn(actor=request.user, **kwargs)
    except DomainError as exc:  # includes TransitionNotAllowed
        messages.error(request, str(exc.message))
    else:
        messages.success(request, success)


@login_required
@require_POST
def plan_resolve(request, pk: int):
    selectors.plan_get(viewer=request.user, pk=pk)
    _run(request, services.plan_resolve, _("Rencana dihitung ulang."), plan_id=pk)
    return redirect("planning:detail", pk=pk)


@login_required
@require_POST
def plan_apply(request, pk: int):
    selectors.plan_get(viewer=request.user, pk=pk)
    try:
        _plan, created = services.plan_apply(actor=request.user, plan_id=pk)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("%(n)s usulan mutasi dibuat dan masuk tahap persetujuan.") % {"n": created}
        )
    return redirect("planning:detail", pk=pk)


ITEM_ACTIONS = {
    "remove": (services.plan_item_remove, gettext_lazy("Butir dikeluarkan dari rencana.")),
    "pin": (services.plan_item_pin, gettext_lazy("Butir dikunci.")),
    "unpin": (services.plan_item_unpin, gettext_lazy("Kunci butir dilepas.")),
}


@login_required
@require_POST
def plan_item_action(request, pk: int, item_id: int, action: str):
    if action not in ITEM_ACTIONS:
        raise Http404
    selectors.item_get(viewer=request.user, plan_id=pk, item_id=item_id)
    fn, success = ITEM_ACTIONS[action]
    _run(request, fn, str(success), plan_id=pk, item_id=item_id, note=request.POST.get("note", ""))
    return redirect(f"{reverse('planning:detail', args=[pk])}#butir-{item_id}")


@login_required
def training_needs(request):
    """Kebutuhan pelatihan per perangkat daerah: from proposed moves and post-transfer evaluations."""
    plan = None
    if (plan_id := request.GET.get("plan", "").strip()) and plan_id.isdigit():
        plan = selectors.plan_get(viewer=request.user, pk=int(plan_id))
    rows = selectors.training_needs(viewer=request.user, plan=plan)
    return render(request, "planning/training.html", {"rows": rows, "plan": plan})

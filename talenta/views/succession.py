"""Succession pages: the key posts with their plans, the plan of one key post, HR's actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from core.paging import list_page, search_text
from talenta import permissions
from talenta.forms import ConfirmForm
from talenta.selectors import succession as selectors
from talenta.services.succession import (
    key_posts_mark_defaults,
    succession_plan_compute,
    succession_plan_confirm,
)
from workload.selectors import viewer_region

# The page shows the best of the pool (a pool can hold hundreds); the API returns all of it.
SHOWN = 20


@login_required
def key_posts_page(request):
    """/talenta/suksesi/: every key post of the region with its current plan's main candidate."""
    region = viewer_region(viewer=request.user)
    paging = list_page(
        request, selectors.key_post_list(viewer=request.user, region_id=region.pk, q=search_text(request.GET))
    )
    key_posts = list(paging["page"].object_list)
    plans = selectors.latest_plans(key_post_ids=[k.pk for k in key_posts])
    rows = [(k, plans.get(k.pk)) for k in key_posts]
    return render(
        request,
        "talenta/key_posts.html",
        {"rows": rows, "pager": paging, "region": region, **permissions.page_flags(request.user)},
    )


@login_required
def plan_page(request, key_post_id: int):
    """/talenta/suksesi/<key post>/: the talent pool ranked with its breakdown, main and reserves with gaps."""
    key_post = selectors.key_post_get(viewer=request.user, key_post_id=key_post_id)
    plan = selectors.latest_plans(key_post_ids=[key_post.pk]).get(key_post.pk)
    candidates = list(selectors.plan_candidates(plan=plan)[:SHOWN]) if plan else []
    pool_size = plan.candidates.count() if plan else 0
    flags = permissions.page_flags(request.user)
    form = ConfirmForm(candidates=candidates) if plan and flags["can_manage_succession"] else None
    return render(
        request,
        "talenta/plan.html",
        {
            "key_post": key_post,
            "plan": plan,
            "candidates": candidates,
            "more": max(pool_size - len(candidates), 0),
            "form": form,
            **flags,
        },
    )


@login_required
@require_POST
def mark_defaults(request):
    added = key_posts_mark_defaults(actor=request.user, region=viewer_region(viewer=request.user))
    messages.success(request, _("%(n)d jabatan ditandai sebagai jabatan kunci.") % {"n": added})
    return redirect("talenta:key-posts")


@login_required
@require_POST
def plan_compute(request, key_post_id: int):
    key_post = selectors.key_post_get(viewer=request.user, key_post_id=key_post_id)
    try:
        succession_plan_compute(actor=request.user, key_post=key_post)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Rencana suksesi dihitung dari kotak talenta terakhir."))
    return redirect("talenta:plan", key_post_id=key_post.pk)


@login_required
@require_POST
def plan_confirm(request, plan_id: int):
    plan = selectors.plan_get(viewer=request.user, plan_id=plan_id)
    permissions.require_succession_manager(request.user)
    form = ConfirmForm(request.POST, candidates=selectors.plan_candidates(plan=plan)[:SHOWN])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            succession_plan_confirm(
                actor=request.user,
                plan_id=plan.pk,
                main_candidate_id=form.cleaned_data["main_candidate"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Kandidat utama dikonfirmasi."))
    return redirect("talenta:plan", key_post_id=plan.key_post_id)

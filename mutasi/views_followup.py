"""Pages of the transfer follow-ups: post-transfer evaluations (/mutasi/evaluasi/) and acting officials
(/mutasi/delegasi/). Validate the form, call a service or a selector, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access
from core.exceptions import DomainError
from instansi.models import Agency
from mutasi import permissions, selectors, services
from mutasi.choices import AdaptationRating, DelegationKind

User = get_user_model()
PAGE_SIZE = 100


def _errors(exc: DomainError) -> dict[str, list[str]]:
    return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in exc.as_dict().items()}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def evaluations(request):
    """The employee's own evaluations, the ones a head rates, or all for HR (filters: state, agency)."""
    filters = {k: v for k, v in request.GET.items() if k in ("state", "agency", "months_after") and v}
    items = list(selectors.evaluation_list(viewer=request.user, filters=filters)[:PAGE_SIZE])
    rows = selectors.evaluation_rows(viewer=request.user, evaluations=items)
    errors = request.session.pop("evaluation_errors", {})
    for row in rows:
        row.errors = errors.get(str(row.evaluation.pk), {})
    reads_region = access.reads_region(request.user)
    needs = None
    if permissions.training_needs_agency(request.user, None)[0]:
        needs = selectors.training_needs_by_agency(
            viewer=request.user, agency_id=_int(filters.get("agency")) if reads_region else None
        )
    return render(
        request,
        "mutasi/evaluations.html",
        {
            "rows": rows,
            "filters": filters,
            "reads_region": reads_region,
            "agencies": Agency.objects.order_by("name").only("pk", "name") if reads_region else [],
            "states": [
                ("due", _("Jatuh tempo")),
                ("overdue", _("Terlambat")),
                ("upcoming", _("Belum jatuh tempo")),
                ("done", _("Lengkap")),
            ],
            "adaptations": AdaptationRating.choices,
            "needs": needs,
        },
    )


@login_required
@require_POST
def evaluation_act(request, pk: int, part: str):
    """`atasan`: the new head's rating; `pegawai`: the employee's view."""
    if part not in ("atasan", "pegawai"):
        raise Http404
    evaluation = selectors.evaluation_get(viewer=request.user, pk=pk)
    try:
        if part == "atasan":
            services.evaluation_rate(
                evaluation_id=evaluation.pk,
                actor=request.user,
                adaptation=request.POST.get("adaptation", ""),
                training_needs=request.POST.get("training_needs", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("Penilaian adaptasi tersimpan."))
        else:
            services.evaluation_answer(
                evaluation_id=evaluation.pk, actor=request.user, view=request.POST.get("view", "")
            )
            messages.success(request, _("Pandangan Anda tersimpan."))
    except DomainError as exc:
        # Shown next to the field of this evaluation after the redirect.
        request.session["evaluation_errors"] = {str(evaluation.pk): _errors(exc)}
        messages.error(request, " ".join(m for ms in _errors(exc).values() for m in ms))
    return redirect(f"{reverse('mutasi:evaluations')}#evaluasi-{evaluation.pk}")


# --- delegations -----------------------------------------------------------------------------------


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DomainError(_("Tanggal tidak sah (format TTTT-BB-HH)."), field=field)


@login_required
def delegations(request):
    """List the Plt/Plh the viewer may see; HR and post holders name one or end one early."""
    positions = list(selectors.delegable_positions(viewer=request.user))
    # Whoever may name a Plt/Plh, region readers, and delegates reading their own appointments.
    if (
        not positions
        and not access.reads_region(request.user)
        and not selectors.delegation_list(viewer=request.user).exists()
    ):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    form = {"kind": DelegationKind.PLH}
    if request.method == "POST":
        form = request.POST.dict()
        try:
            position = next((p for p in positions if p.pk == _int(form.get("position"))), None)
            who = form.get("delegate", "").strip()
            # HR knows people by NIP, colleagues by user name: either finds the account.
            delegate = (
                User.objects.filter(Q(username=who) | Q(employee__nip=who), is_active=True).first()
                if who
                else None
            )
            problems = {}
            if position is None:
                problems["position"] = [_("Pilih jabatan.")]
            if delegate is None:
                problems["delegate"] = [_("Akun pelaksana tidak ditemukan.")]
            if problems:
                raise DomainError(errors=problems)
            services.delegation_create(
                actor=request.user,
                position=position,
                delegate=delegate,
                start=_date(form.get("start", ""), "start"),
                end=_date(form.get("end", ""), "end"),
                kind=form.get("kind", DelegationKind.PLH),
                reason=form.get("reason", ""),
                letter_number=form.get("letter_number", ""),
            )
        except DomainError as exc:
            errors = _errors(exc)
            messages.error(request, _("Penunjukan belum tersimpan; periksa isian."))
        else:
            messages.success(request, _("Penunjukan Plt/Plh tersimpan."))
            return redirect("mutasi:delegations")
    items = list(selectors.delegation_list(viewer=request.user)[:PAGE_SIZE])
    today = timezone.localdate()
    return render(
        request,
        "mutasi/delegations.html",
        {
            "rows": [
                {
                    "d": d,
                    "active": d.active_today,
                    "can_end": permissions.may_end_delegation(request.user, d, today),
                }
                for d in items
            ],
            "positions": positions,
            "kinds": DelegationKind.choices,
            "form": form,
            "errors": errors,
            "today": today,
        },
    )


@login_required
@require_POST
def delegation_end(request, pk: int):
    delegation = selectors.delegation_get(viewer=request.user, pk=pk)
    try:
        services.delegation_revoke(delegation_id=delegation.pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, " ".join(m for ms in _errors(exc).values() for m in ms))
    else:
        messages.success(request, _("Penunjukan diakhiri."))
    return redirect("mutasi:delegations")

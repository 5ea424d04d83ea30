"""Acting officials, Plt/Plh (/mutasi/delegasi/): HR and holders of deciding posts name one or end one
early. Validate the form, call a service or a selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from core.paging import list_page, search_text
from core.types import Actor
from mutasi import permissions, selectors, services
from mutasi.choices import DelegationKind
from mutasi.views.params import error_text, field_errors, int_or_none, parse_date

User = get_user_model()
PAGE_SIZE = 50


@login_required
def delegations(request):
    """List the Plt/Plh the viewer may see; HR and post holders name one or end one early."""
    positions = list(selectors.delegable_positions(viewer=request.user))
    if not permissions.may_open_delegations(request.user, may_name_any=bool(positions)):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    form = {"kind": DelegationKind.PLH}
    if request.method == "POST":
        form = request.POST.dict()
        try:
            _create_from_form(request.user, form, positions)
        except DomainError as exc:
            errors = field_errors(exc)
            messages.error(request, _("Penunjukan belum tersimpan; periksa isian."))
        else:
            messages.success(request, _("Penunjukan Plt/Plh tersimpan."))
            return redirect("mutasi:delegations")
    paging = list_page(
        request,
        selectors.delegation_list(viewer=request.user, q=search_text(request.GET)),
        per_page=PAGE_SIZE,
    )
    items = list(paging["page"].object_list)
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
            "pager": paging,
            "positions": positions,
            "kinds": DelegationKind.choices,
            "form": form,
            "errors": errors,
            "today": today,
        },
    )


def _create_from_form(actor: Actor, form: dict, positions: list) -> None:
    """Name the Plt/Plh the form asks for; refusals are DomainErrors by field."""
    position = next((p for p in positions if p.pk == int_or_none(form.get("position"))), None)
    who = form.get("delegate", "").strip()
    # HR knows people by NIP, colleagues by user name: either finds the account.
    delegate = (
        User.objects.filter(Q(username=who) | Q(employee__nip=who), is_active=True).first() if who else None
    )
    problems = {}
    if position is None:
        problems["position"] = [_("Pilih jabatan.")]
    if delegate is None:
        problems["delegate"] = [_("Akun pelaksana tidak ditemukan.")]
    if problems:
        raise DomainError(errors=problems)
    services.delegation_create(
        actor=actor,
        position=position,
        delegate=delegate,
        start=parse_date(form.get("start", ""), "start"),
        end=parse_date(form.get("end", ""), "end"),
        kind=form.get("kind", DelegationKind.PLH),
        reason=form.get("reason", ""),
        letter_number=form.get("letter_number", ""),
    )


@login_required
@require_POST
def delegation_end(request, pk: int):
    delegation = selectors.delegation_get(viewer=request.user, pk=pk)
    try:
        services.delegation_revoke(delegation_id=delegation.pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Penunjukan diakhiri."))
    return redirect("mutasi:delegations")

"""Standing preferences and circumstances (issue 21 point 1): the employee's own page (/mutasi/preferensi/),
the read-only page of one employee for HR and the deciders of a move of theirs, and the private document.
Validate the form, call a service or a selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from mutasi import files, permissions, selectors, services
from mutasi.choices import CircumstanceCategory, CircumstanceScope, PreferenceKind
from mutasi.views.params import error_text, field_errors, int_or_none, parse_date


def _optional_date(value: str, field: str):
    return parse_date(value, field) if (value or "").strip() else None


@login_required
def my_preferences(request):
    """The employee's wishes, dislikes and circumstances; forms to add them."""
    if not permissions.may_keep_preferences(request.user):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    form: dict = {}
    if request.method == "POST":
        form = request.POST.dict()
        try:
            if form.get("form") == "circumstance":
                services.circumstance_add(
                    actor=request.user,
                    category=form.get("category", ""),
                    scope=form.get("scope", CircumstanceScope.ANY_MOVE),
                    description=form.get("description", ""),
                    valid_until=_optional_date(form.get("valid_until", ""), "valid_until"),
                    document=request.FILES.get("document"),
                )
                done = _(
                    "Keadaan tersimpan. Hanya Anda, BKPSDM dan pejabat yang memutus usulan mutasi Anda yang dapat membacanya."
                )
            else:
                target = form.get("target", "")
                services.preference_add(
                    actor=request.user,
                    kind=form.get("kind", ""),
                    agency_id=int_or_none(form.get("agency")) if target == "agency" else None,
                    unit_id=int_or_none(form.get("unit")) if target == "unit" else None,
                    position_code=form.get("position_code", "") if target == "position" else "",
                    note=form.get("note", ""),
                    valid_until=_optional_date(form.get("valid_until", ""), "valid_until"),
                )
                done = _("Keinginan tersimpan.")
        except DomainError as exc:
            errors = field_errors(exc)
            messages.error(request, _("Belum tersimpan; periksa isian."))
        else:
            messages.success(request, done)
            return redirect("mutasi:preferences")
    return render(
        request,
        "mutasi/preferences.html",
        {
            "views": selectors.own_standing_views(viewer=request.user),
            **selectors.preference_target_choices(),
            "kinds": PreferenceKind.choices,
            "categories": CircumstanceCategory.choices,
            "scopes": CircumstanceScope.choices,
            "form": form,
            "errors": errors,
            "own": True,
        },
    )


@login_required
@require_POST
def preference_remove(request, pk: int):
    row = selectors.preference_get(viewer=request.user, pk=pk)
    try:
        services.preference_remove(actor=request.user, preference_id=row.pk)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Keinginan dihapus."))
    return redirect("mutasi:preferences")


@login_required
@require_POST
def circumstance_remove(request, pk: int):
    row = selectors.circumstance_get(viewer=request.user, pk=pk)
    try:
        services.circumstance_remove(actor=request.user, circumstance_id=row.pk)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Keadaan dihapus."))
    return redirect("mutasi:preferences")


@login_required
def circumstance_document(request, pk: int):
    """The supporting document, only to those who may read the circumstance (never a public URL)."""
    return files.circumstance_document_response(selectors.circumstance_get(viewer=request.user, pk=pk))


@login_required
def employee_preferences(request, employee_pk: int):
    """One employee's views in force, for HR and the deciders of a move of theirs (404 for others)."""
    views = selectors.standing_views(viewer=request.user, employee_id=employee_pk)
    return render(request, "mutasi/preferences.html", {"views": views, "own": False})

"""The team-goal page (/kinerja/target-tim/): list the shared targets of the agency, set one, fill in
the team's realisation. Validate, call kinerja.services, render."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from kinerja import services, team_goals
from kinerja.choices import Aspect


def _decimal(value, field: str, *, minimum: Decimal) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("Isi angka."), field=field)
    if not number.is_finite() or number < minimum:
        raise DomainError(_("Angka minimal %(min)s.") % {"min": minimum}, field=field)
    return number


@login_required
def team_goals_page(request):
    page = team_goals.team_goal_page(viewer=request.user, filters={})
    errors: dict = {}
    form = {"aspect": Aspect.QUANTITY}
    if request.method == "POST":
        form = request.POST.dict()
        try:
            if not page.may_create:
                raise DomainError(
                    _("Anda tidak dapat membuat target tim (atau tidak ada periode SKP terbuka).")
                )
            agency = next((a for a in page.agencies if str(a.pk) == form.get("agency", "")), None)
            if agency is None:
                raise DomainError(_("Pilih perangkat daerah."), field="agency")
            if not form.get("title", "").strip():
                raise DomainError(_("Sasaran tim wajib diisi."), field="title")
            if not form.get("unit_label", "").strip():
                raise DomainError(_("Satuan wajib diisi."), field="unit_label")
            services.team_goal_create(
                period=page.period,
                agency=agency,
                actor=request.user,
                title=form["title"].strip()[:300],
                target=_decimal(form.get("target", ""), "target", minimum=Decimal("0.01")),
                unit_label=form["unit_label"].strip()[:60],
                aspect=form.get("aspect") if form.get("aspect") in Aspect.values else Aspect.QUANTITY,
            )
        except DomainError as exc:
            errors = exc.as_dict()
            messages.error(request, _("Target tim belum tersimpan; periksa isian."))
        else:
            messages.success(request, _("Target tim tersimpan."))
            return redirect("kinerja:team_goals")
    return render(
        request,
        "kinerja/team_goals.html",
        {"page": page, "aspects": Aspect.choices, "form": form, "errors": errors},
    )


@login_required
@require_POST
def team_goal_realise(request, pk: int):
    goal = team_goals.team_goal_get(viewer=request.user, pk=pk)
    try:
        services.team_goal_realise(
            goal=goal,
            actor=request.user,
            realised=_decimal(request.POST.get("realised", ""), "realised", minimum=Decimal("0")),
            evidence_url=request.POST.get("evidence_url", "").strip(),
        )
    except DomainError as exc:
        messages.error(request, " ".join(str(m) for ms in exc.as_dict().values() for m in ms))
    else:
        messages.success(request, _("Realisasi target tim tersimpan."))
    return redirect(f"/kinerja/target-tim/#target-{goal.pk}")

"""HR's period page: open a period, create SKP drafts in bulk and follow the batch, set the
organisational ratings, finalise, export the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from kinerja import exports, forms, permissions, selectors, services


@login_required
def periods(request):
    """HR: open a period, create SKP drafts in bulk, set organisational ratings, finalise, export."""
    if not permissions.may_read_periods(request.user):
        raise PermissionDenied
    periods_ = list(selectors.period_list(viewer=request.user))
    region_id = periods_[0].region_id if periods_ else selectors.region_id_of(request.user)
    if region_id is None:
        from instansi.models import Region

        region_id = Region.objects.order_by("id").values_list("id", flat=True).first()
    current = next((p for p in periods_ if p.is_open), periods_[0] if periods_ else None)
    if request.method == "POST":
        return _periods_post(request, region_id, current)
    return render(
        request,
        "kinerja/periods.html",
        {
            "periods": periods_,
            "current": current,
            "batches": list(selectors.batch_list(viewer=request.user, period_id=current.pk))
            if current
            else [],
            "org_performances": list(
                selectors.org_performance_list(viewer=request.user, period_id=current.pk)
            )
            if current
            else [],
            "period_form": forms.PeriodForm(),
            "batch_form": forms.BatchForm(region_id=region_id),
            "op_form": forms.OrgPerformanceForm(region_id=region_id),
            "finalise_form": forms.SetFinaliseForm(region_id=region_id),
            "can_change": permissions.may_manage_periods(request.user),
        },
    )


def _periods_post(request, region_id, current):
    from instansi.models import Region

    what = request.POST.get("what")
    try:
        if what == "open":
            form = forms.PeriodForm(request.POST)
            if form.is_valid():
                services.period_open(
                    region=Region.objects.get(pk=region_id), actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Periode dibuka."))
        elif what == "batch" and current:
            form = forms.BatchForm(request.POST, region_id=region_id)
            if form.is_valid():
                batch = services.appraisal_batch_start(
                    period=current, agencies=list(form.cleaned_data["agencies"]), actor=request.user
                )
                return redirect("kinerja:batch", pk=batch.pk)
        elif what == "org" and current:
            form = forms.OrgPerformanceForm(request.POST, region_id=region_id)
            if form.is_valid():
                services.organisation_performance_set(period=current, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Predikat kinerja organisasi disimpan."))
        elif what == "finalise" and current:
            form = forms.SetFinaliseForm(request.POST, region_id=region_id)
            if form.is_valid():
                rows = services.appraisal_set_finalise(
                    period=current, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("%(n)s SKP difinalkan.") % {"n": len(rows)})
        else:
            raise PermissionDenied
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    except DomainError as exc:
        for message in (exc.errors or {}).get("detail") or [str(exc.message)]:
            messages.error(request, message)
    return redirect("kinerja:periods")


@login_required
def batch(request, pk: int):
    """Progress of one bulk creation (the page refreshes itself while the job runs)."""
    return render(request, "kinerja/batch.html", {"batch": selectors.batch_get(viewer=request.user, pk=pk)})


@login_required
def export(request, pk: int):
    """The period's results as XLSX (plain table, HR and auditor)."""
    period = selectors.period_get(viewer=request.user, pk=pk)
    rows = selectors.period_results(viewer=request.user, period=period)
    content = exports.period_results_xlsx(period=period, appraisals=rows)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="hasil-skp-{period.year}.xlsx"'
    return response

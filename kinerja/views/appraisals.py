"""The SKP pages: my SKP, drafting one, one SKP with the forms the viewer may use now (every form
posts to `action`), the appraiser's list, and the evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access
from core.exceptions import DomainError
from core.paging import list_page, search_text
from kinerja import forms, selectors, services


@login_required
def my_list(request):
    """SKP saya: the employee's own SKP per year, and a button to draft this year's."""
    appraisals = list(selectors.my_appraisals(viewer=request.user))
    period = selectors.open_period_for(viewer=request.user)
    can_create = period is not None and not any(a.period_id == period.pk for a in appraisals)
    return render(
        request,
        "kinerja/my_list.html",
        {"appraisals": appraisals, "open_period": period, "can_create": can_create},
    )


@login_required
@require_POST
def create_own(request):
    period = selectors.open_period_for(viewer=request.user)
    me = access.employee_of(request.user)
    if period is None or me is None:
        messages.error(request, _("Tidak ada periode penilaian yang terbuka untuk Anda."))
        return redirect("kinerja:my_list")
    try:
        appraisal = services.appraisal_create(period=period, employee=me, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("kinerja:my_list")
    messages.success(
        request, _("Draf SKP %(year)s dibuat. Tambahkan RHK dan indikatornya.") % {"year": period.year}
    )
    return redirect("kinerja:detail", pk=appraisal.pk)


@login_required
def detail(request, pk: int):
    """One SKP: RHK and indicators with achievement, suggestion vs decision and its justification,
    behaviour ratings, feedback notes, predicate, and the forms the viewer may use now."""
    appraisal = selectors.appraisal_detail(viewer=request.user, pk=pk)
    actions = selectors.available_actions(viewer=request.user, appraisal=appraisal)
    summary = selectors.appraisal_achievement(appraisal=appraisal)
    context = {
        "a": appraisal,
        "actions": actions,
        "summary": summary,
        "is_owner": access.employee_of(request.user) is not None
        and access.employee_of(request.user).pk == appraisal.employee_id,
    }
    if "edit_plan" in actions:
        context["plan_form"] = forms.ResultPlanForm(parents=selectors.cascade_options(appraisal=appraisal))
    if "rate" in actions:
        context["rate_form"] = forms.RateForm(
            initial={"results_rating": summary.suggested or "", "behaviour_rating": "sesuai"}
        )
    if "give_feedback" in actions:
        context["feedback_form"] = forms.FeedbackForm()
    return render(request, "kinerja/detail.html", context)


def _plan_add(request, appraisal):
    form = forms.ResultPlanForm(request.POST, parents=selectors.cascade_options(appraisal=appraisal))
    if not form.is_valid():
        return form
    data = form.cleaned_data
    parent = (
        selectors.cascade_options(appraisal=appraisal).filter(pk=data["parent"]).first()
        if data["parent"]
        else None
    )
    services.result_plan_add(
        appraisal=appraisal,
        actor=request.user,
        kind=data["kind"],
        description=data["description"],
        parent=parent,
        indicators=[
            {
                "aspect": data["aspect"],
                "description": data["indicator"],
                "target": data["target"],
                "unit_label": data["unit_label"],
            }
        ],
    )
    return _("RHK ditambahkan.")


def _plan_delete(request, appraisal):
    plan_id = request.POST.get("plan", "")
    if not plan_id.isdigit():  # a forged or empty form field: a message, not a server error
        raise DomainError(_("RHK tidak dikenal."), field="plan")
    plan = selectors.result_plan_get(viewer=request.user, pk=int(plan_id))
    if plan.appraisal_id != appraisal.pk:
        raise PermissionDenied
    services.result_plan_delete(plan=plan, actor=request.user)
    return _("RHK dihapus.")


def _realise(request, appraisal):
    form = forms.RealiseForm(request.POST, request.FILES)
    if not form.is_valid():
        return form
    indicator = selectors.indicator_get(viewer=request.user, pk=form.cleaned_data["indicator"])
    if indicator.result_plan.appraisal_id != appraisal.pk:
        raise PermissionDenied
    services.indicator_realise(
        indicator=indicator,
        actor=request.user,
        realised=form.cleaned_data["realised"],
        evidence_url=form.cleaned_data["evidence_url"] or "",
        evidence_file=form.cleaned_data["evidence_file"],
    )
    return _("Realisasi disimpan.")


def _simple(service, message):
    def run(request, appraisal):
        service(appraisal=appraisal, actor=request.user)
        return message

    return run


def _agree(request, appraisal):
    form = forms.OptionalNoteForm(request.POST)
    form.is_valid()
    services.appraisal_agree(appraisal=appraisal, actor=request.user, note=form.cleaned_data.get("note", ""))
    return _("SKP disepakati.")


def _return(request, appraisal):
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return form
    services.appraisal_return(appraisal=appraisal, actor=request.user, note=form.cleaned_data["note"])
    return _("SKP dikembalikan kepada pegawai.")


def _feedback(request, appraisal):
    form = forms.FeedbackForm(request.POST)
    if not form.is_valid():
        return form
    services.feedback_add(appraisal=appraisal, actor=request.user, **form.cleaned_data)
    return _("Umpan balik dicatat.")


def _rate(request, appraisal):
    form = forms.RateForm(request.POST)
    if not form.is_valid():
        return form
    data = form.cleaned_data
    services.appraisal_rate(
        appraisal=appraisal,
        actor=request.user,
        results_rating=data["results_rating"],
        behaviour_rating=data["behaviour_rating"],
        results_justification=data["results_justification"],
        behaviours=form.behaviours(),
    )
    return _("Penilaian disimpan; predikat mengikuti matriks.")


def _object(request, appraisal):
    form = forms.ObjectionForm(request.POST)
    if not form.is_valid():
        return form
    services.appraisal_object(appraisal=appraisal, actor=request.user, reason=form.cleaned_data["reason"])
    return _("Keberatan diajukan.")


ACTIONS = {
    "rhk": _plan_add,
    "rhk-hapus": _plan_delete,
    "realisasi": _realise,
    "ajukan": _simple(services.appraisal_submit, _("SKP diajukan kepada pejabat penilai.")),
    "setujui": _agree,
    "kembalikan": _return,
    "umpan-balik": _feedback,
    "nilai": _rate,
    "terima": _simple(services.appraisal_acknowledge, _("Penilaian diterima.")),
    "keberatan": _object,
    "finalkan": _simple(services.appraisal_finalise, _("SKP difinalkan.")),
}


@login_required
@require_POST
def action(request, pk: int, name: str):
    """Every form on the SKP page posts here; a refused rule comes back as a message on the page."""
    handler = ACTIONS.get(name)
    if handler is None:
        raise PermissionDenied
    appraisal = selectors.appraisal_get(viewer=request.user, pk=pk)
    try:
        outcome = handler(request, appraisal)
    except DomainError as exc:
        detail = exc.errors.get("detail") if exc.errors else None
        for message in detail or [str(exc.message)]:
            messages.error(request, message)
        return redirect("kinerja:detail", pk=pk)
    if isinstance(outcome, str):
        messages.success(request, outcome)
    else:
        for field, errors in outcome.errors.items():
            label = outcome.fields[field].label if field in outcome.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("kinerja:detail", pk=pk)


@login_required
def appraisees(request):
    """The appraiser's list of appraisees with their status and what waits for them."""
    period_id = request.GET.get("periode")
    period_id = int(period_id) if period_id and period_id.isdigit() else None
    paging = list_page(
        request,
        selectors.appraisee_page(viewer=request.user, period_id=period_id, q=search_text(request.GET)),
    )
    # What waits for the appraiser, over all their appraisees (not only this page or this search).
    waiting = (
        selectors.appraisee_list(viewer=request.user, period_id=period_id)
        .filter(status__in=("submitted", "agreed", "objected"))
        .count()
    )
    return render(
        request,
        "kinerja/appraisees.html",
        {"items": paging["page"].object_list, "pager": paging, "waiting": waiting},
    )


@login_required
def evidence(request, pk: int):
    """An indicator's evidence file, served only to those who may see the SKP (never a public URL)."""
    indicator = selectors.indicator_get(viewer=request.user, pk=pk)
    if not indicator.evidence_file:
        raise Http404
    name = indicator.evidence_file.name.rsplit("/", 1)[-1]
    return FileResponse(indicator.evidence_file.open("rb"), as_attachment=True, filename=name)

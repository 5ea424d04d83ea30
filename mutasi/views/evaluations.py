"""Post-transfer evaluations (/mutasi/evaluasi/): the employee's own, the ones a head rates, all for HR.
Validate the form, call a service or a selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from core.paging import list_page
from instansi.models import Agency
from mutasi import permissions, selectors, services
from mutasi.choices import AdaptationRating, VoiceHeard
from mutasi.views.params import error_text, field_errors, int_or_none

PAGE_SIZE = 50


@login_required
def evaluations(request):
    """The employee's own evaluations, the ones a head rates, or all for HR (filters: state, agency)."""
    filters = {k: v for k, v in request.GET.items() if k in ("state", "agency", "months_after", "q") and v}
    paging = list_page(
        request, selectors.evaluation_list(viewer=request.user, filters=filters), per_page=PAGE_SIZE
    )
    rows = selectors.evaluation_rows(viewer=request.user, evaluations=list(paging["page"].object_list))
    errors = request.session.pop("evaluation_errors", {})
    for row in rows:
        row.errors = errors.get(str(row.evaluation.pk), {})
    reads_region = permissions.may_pick_evaluation_agency(request.user)
    needs = None
    if permissions.training_needs_agency(request.user, None)[0]:
        needs = selectors.training_needs_by_agency(
            viewer=request.user, agency_id=int_or_none(filters.get("agency")) if reads_region else None
        )
    return render(
        request,
        "mutasi/evaluations.html",
        {
            "rows": rows,
            "pager": paging,
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
            "voice_choices": VoiceHeard.choices,
            # Issue 21 point 5: does consultation work? Moved employees' answers, counted per answer.
            "voice_heard": selectors.voice_heard_summary(
                selectors.evaluation_list(viewer=request.user, filters=filters)
            )
            if reads_region
            else None,
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
                evaluation_id=evaluation.pk,
                actor=request.user,
                view=request.POST.get("view", ""),
                voice_heard=request.POST.get("voice_heard", ""),
            )
            messages.success(request, _("Pandangan Anda tersimpan."))
    except DomainError as exc:
        # Shown next to the field of this evaluation after the redirect.
        request.session["evaluation_errors"] = {str(evaluation.pk): field_errors(exc)}
        messages.error(request, error_text(exc))
    return redirect(f"{reverse('mutasi:evaluations')}#evaluasi-{evaluation.pk}")

"""Pages of the transfer requests: the applicant's list and form, the detail with its actions, the
inbox, the exceptions report and the documents. Validate the form, call a service or a selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import access
from core.exceptions import DomainError
from core.paging import list_page, pager, search_text
from instansi.models import Agency, Employee, Position
from mutasi import eligibility, files, permissions, selectors, services
from mutasi.choices import (
    CircumstanceCategory,
    Decision,
    DocumentKind,
    Initiator,
    Milestone,
    Status,
    TransferKind,
)
from mutasi.models import ApprovalStep
from mutasi.views.params import error_text, int_or_none, parse_date

INBOX_PAGE_SIZE = 20


@login_required
def my_requests(request):
    """The requests the viewer may see: searchable (number, name, NIP), by status, 50 a page."""
    page = selectors.transfer_list_page(
        viewer=request.user, filters=request.GET, page=request.GET.get("page")
    )
    inbox_count = selectors.transfer_inbox(viewer=request.user).count()
    return render(
        request,
        "mutasi/list.html",
        {
            "items": page.object_list,
            "pager": pager(request, page),
            "inbox_count": inbox_count,
            "statuses": Status.choices,
            "status": request.GET.get("status", ""),
            "q": request.GET.get("q", ""),
        },
    )


@login_required
def new_request(request):
    """Search a destination with a need, see the checklist ("Periksa kelayakan"), save a draft."""
    me = access.employee_of(request.user)
    if me is None:
        raise PermissionDenied
    me = Employee.objects.select_related("position__agency").get(pk=me.pk)
    data = request.POST if request.method == "POST" else request.GET
    form = _request_form(data, me)
    destination, kind = form["destination"], form["kind"]
    document_codes = services.transfer.required_documents(employee=me, kind=kind)
    errors: dict = {}
    if request.method == "POST":
        try:
            return _save_draft(request, me, form, document_codes)
        except DomainError as exc:
            errors = exc.as_dict()
            messages.error(request, error_text(exc))
    checklist = None
    if destination is not None and (request.method == "POST" or "check" in data):
        checklist = eligibility.check(
            employee=me, destination=destination, kind=kind, initiated_by=Initiator.EMPLOYEE
        )
    rows = selectors.destination_search(viewer=request.user, q=form["q"], limit=15)
    return render(
        request,
        "mutasi/form.html",
        {
            "me": me,
            "form": form,
            "rows": rows,
            "checklist": checklist,
            "kinds": [
                (k, v)
                for k, v in TransferKind.choices
                if k in (TransferKind.ROTATION, TransferKind.BETWEEN_AGENCIES)
            ],
            "agencies": Agency.objects.order_by("name").only("pk", "name"),
            "pref_slots": [0, 1, 2],
            "documents": [
                {
                    "code": code,
                    "label": DocumentKind(code).label,
                    "field": services.transfer.document_field(code),
                    "errors": errors.get(services.transfer.document_field(code), []),
                }
                for code in document_codes
            ],
        },
    )


def _request_form(data, me: Employee) -> dict:
    """The request form's values: the destination post, the kind (a rotation when the post is in the
    applicant's own agency), the reason and up to three preferred agencies."""
    destination = None
    if dest_id := int_or_none(data.get("destination_position")):
        destination = Position.objects.select_related("agency").filter(pk=dest_id).first()
    kind = data.get("kind") or (
        TransferKind.ROTATION
        if destination is not None and me.position_id and destination.agency_id == me.position.agency_id
        else TransferKind.BETWEEN_AGENCIES
    )
    return {
        "q": data.get("q", ""),
        "kind": kind,
        "reason": data.get("reason", ""),
        "preferences": [int_or_none(p) for p in data.getlist("preferences") if int_or_none(p)],
        "destination": destination,
    }


def _save_draft(request, me: Employee, form: dict, document_codes: list[str]):
    """Save the draft with the documents that came with it (all or nothing, in the draft's transaction),
    then go to its page. Raises DomainError, with nothing saved, when the service refuses."""
    field = services.transfer.document_field
    documents = {
        code: request.FILES[field(code)] for code in document_codes if request.FILES.get(field(code))
    }
    transfer = services.transfer_create_with_documents(
        documents=documents,
        actor=request.user,
        employee=me,
        destination_position=form["destination"],
        kind=form["kind"],
        reason=form["reason"],
        preferences=form["preferences"],
    )
    if documents:
        messages.success(
            request,
            _("Draf %(n)s tersimpan dengan %(k)s dokumen. Lengkapi dokumen lalu ajukan.")
            % {"n": transfer.number, "k": len(documents)},
        )
    else:
        messages.success(
            request, _("Draf %(n)s tersimpan. Unggah dokumen lalu ajukan.") % {"n": transfer.number}
        )
    return redirect("mutasi:detail", pk=transfer.pk)


@login_required
def detail(request, pk: int):
    transfer = selectors.transfer_get(viewer=request.user, pk=pk)
    steps = sorted(transfer.steps.all(), key=lambda s: (s.round, s.order))
    current = selectors.current_step(transfer)
    # The buttons are the transitions the user may take now (mutasi.permissions), never re-derived here.
    actions = permissions.transfer_actions(transfer, request.user)
    consultation = selectors.consultation_of(viewer=request.user, request=transfer)
    context = {
        **actions,
        "consultation": consultation,
        # Issue 21: the employee reads why the move is proposed before answering.
        "why": selectors.why(request=transfer) if actions["can_answer"] else None,
        "objection": consultation is not None
        and consultation.consultation.is_objection
        and consultation.step.round == transfer.round,
        "categories": CircumstanceCategory.choices,
        "transfer": transfer,
        "petikan": bool(transfer.decree_id)
        and permissions.may_download_petikan_of(request.user, transfer.employee_id),
        "steps": steps,
        "current": current,
        "missing": [DocumentKind(code).label for code in services.transfer.missing_documents(transfer)]
        if actions["editable"]
        else [],
        "document_kinds": [(k, v) for k, v in DocumentKind.choices if k != DocumentKind.OBJECTION],
        "audit": selectors.transfer_audit(request=transfer),
        "file": selectors.applicant_file(viewer=request.user, request=transfer)
        if actions["can_decide"]
        else None,
        "is_hr_verification": current is not None and current.stage == "hr_verification",
        "today": timezone.localdate(),
        "returned_note": next((s.note for s in reversed(steps) if s.decision == Decision.RETURNED), ""),
        "external": transfer.kind in (TransferKind.OUTGOING, TransferKind.INCOMING),
        "milestones": [
            {"code": code, "label": label, "data": (transfer.milestones or {}).get(code)}
            for code, label in Milestone.choices
        ],
    }
    return render(request, "mutasi/detail.html", context)


def _upload(request, pk: int, note: str, step_id: int | None) -> None:
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(_("Pilih berkas."), field="file")
    services.attachment_upload(
        request_id=pk, actor=request.user, kind=request.POST.get("kind", ""), uploaded_file=upload
    )


# One form post per action: what the page sends to its service, and the message on success. The
# service decides whether the actor may (mutasi.permissions); the page only shows the buttons it allows.
ACTIONS = {
    "submit": (
        lambda r, pk, note, step: services.transfer_submit(request_id=pk, actor=r.user, note=note),
        gettext_lazy("Usulan diajukan."),
    ),
    "withdraw": (
        lambda r, pk, note, step: services.transfer_withdraw(request_id=pk, actor=r.user, note=note),
        gettext_lazy("Usulan ditarik."),
    ),
    "approve": (
        lambda r, pk, note, step: services.transfer_approve(
            request_id=pk,
            actor=r.user,
            note=note,
            override_reason=r.POST.get("override_reason", ""),
            pilkada_letter_number=r.POST.get("pilkada_letter_number", ""),
            against_objection_reason=r.POST.get("against_objection_reason", ""),
            step_id=step,
        ),
        gettext_lazy("Tahap disetujui."),
    ),
    "consult": (
        lambda r, pk, note, step: services.consultation_answer(
            request_id=pk,
            actor=r.user,
            answer=r.POST.get("answer", ""),
            category=r.POST.get("category", ""),
            reasons=r.POST.get("reasons", ""),
            documents=r.FILES.getlist("documents"),
        ),
        gettext_lazy("Tanggapan Anda tercatat dan diteruskan kepada pemutus berikutnya."),
    ),
    "consult-override": (
        lambda r, pk, note, step: services.consultation_override(
            request_id=pk, actor=r.user, reason=r.POST.get("reason", "")
        ),
        gettext_lazy("Usulan dilanjutkan; alasan BKPSDM dicatat sebagai pengecualian."),
    ),
    "reject": (
        lambda r, pk, note, step: services.transfer_reject(
            request_id=pk, actor=r.user, note=note, step_id=step
        ),
        gettext_lazy("Usulan ditolak."),
    ),
    "return": (
        lambda r, pk, note, step: services.transfer_return(
            request_id=pk, actor=r.user, note=note, step_id=step
        ),
        gettext_lazy("Usulan dikembalikan kepada pengusul."),
    ),
    "update": (
        lambda r, pk, note, step: services.transfer_update(
            request_id=pk, actor=r.user, reason=r.POST.get("reason")
        ),
        gettext_lazy("Usulan diperbarui."),
    ),
    "cancel": (
        lambda r, pk, note, step: services.transfer_cancel(request_id=pk, actor=r.user, note=note),
        gettext_lazy("Usulan dibatalkan."),
    ),
    "milestone": (
        lambda r, pk, note, step: services.transfer_record_milestone(
            request_id=pk,
            actor=r.user,
            code=r.POST.get("code", ""),
            number=r.POST.get("number", ""),
            date=parse_date(r.POST.get("date")),
            note=note,
        ),
        gettext_lazy("Tahapan eksternal tercatat."),
    ),
    "upload": (_upload, gettext_lazy("Dokumen diunggah.")),
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    """One form post per action (ACTIONS); the service decides whether it is allowed."""
    if action not in ACTIONS:
        raise Http404
    transfer = selectors.transfer_get(viewer=request.user, pk=pk)
    call, success = ACTIONS[action]
    try:
        call(request, pk, request.POST.get("note", ""), int_or_none(request.POST.get("step")))
        messages.success(request, success)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    next_url = request.POST.get("next")
    if next_url == "inbox":
        return redirect("mutasi:inbox")
    return redirect("mutasi:detail", pk=transfer.pk)


@login_required
def inbox(request):
    """Requests waiting for me (and the posts I act for), each with the applicant's file; searchable
    (number, name, NIP, post or agency of either end), 20 a page as each card carries a whole file."""
    paging = list_page(
        request,
        selectors.transfer_inbox(viewer=request.user, q=search_text(request.GET)),
        per_page=INBOX_PAGE_SIZE,
    )
    steps: list[ApprovalStep] = list(paging["page"].object_list)
    rows = selectors.inbox_files(steps)
    selectors.inbox_consultations(rows, viewer=request.user)
    return render(
        request,
        "mutasi/inbox.html",
        {
            "rows": rows,
            "pager": paging,
            "today": timezone.localdate(),
            "categories": CircumstanceCategory.choices,
        },
    )


@login_required
def exceptions_report(request):
    return render(request, "mutasi/exceptions.html", {"rows": selectors.exceptions_rows(viewer=request.user)})


@login_required
def attachment_download(request, pk: int):
    return files.attachment_response(selectors.attachment_get(viewer=request.user, pk=pk))

"""Decree pages: the PDF download, the petikan download (that employee and HR), the signer's queue
(sign a batch with one passphrase entry), and the public verification page behind the QR code.
The decree itself is issued in the admin. Validate the form, call a service or a selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from core import bsre
from core.exceptions import DomainError
from core.paging import list_page, search_text
from mutasi import files, permissions, selectors
from mutasi.selectors import decrees as decree_selectors
from mutasi.services import decree as decree_services
from mutasi.services import signing
from mutasi.views.params import error_text, int_or_none


@login_required
def decree_pdf(request, pk: int):
    return files.decree_pdf_response(selectors.decree_get(viewer=request.user, pk=pk))


@login_required
def petikan(request, pk: int, request_pk: int):
    """One employee's petikan: the signed copy once signed, else the issued one."""
    extract = decree_selectors.petikan_get(viewer=request.user, decree_pk=pk, request_pk=request_pk)
    document = extract.signed_pdf or extract.pdf
    return FileResponse(
        document.open("rb"),
        as_attachment=True,
        filename=f"Petikan-SK-{extract.decree_id}-{extract.request_id}.pdf",
        content_type="application/pdf",
    )


@never_cache
@login_required
@sensitive_post_parameters("passphrase")
@sensitive_variables("passphrase")
def sign_queue(request):
    """The decrees waiting for the viewer's signature; one passphrase entry signs the chosen ones."""
    if request.method == "POST":
        passphrase = request.POST.get("passphrase", "")
        ids = [int(v) for v in request.POST.getlist("decrees") if v.isdigit()]
        try:
            result = signing.decree_sign_batch(actor=request.user, decree_ids=ids, passphrase=passphrase)
        except DomainError as exc:
            messages.error(request, error_text(exc))
        else:
            if result.signed:
                messages.success(request, _("Ditandatangani: %(n)s.") % {"n": ", ".join(result.signed)})
            for number, reason in result.failed:
                messages.error(
                    request, _("SK %(n)s belum ditandatangani: %(r)s") % {"n": number, "r": reason}
                )
        return redirect("mutasi:decree-sign-queue")
    queue = list(decree_selectors.signing_queue(viewer=request.user))
    return render(request, "mutasi/sign_queue.html", {"queue": queue})


@never_cache
def verify(request, token: str):
    """Public (no login): what the QR code opens. Shows the decree's number, date, subject, signer and
    number of employees, and the sha256 of the signed file; no NIP or other personal data of anyone.
    Anyone may upload a PDF to learn whether it is that signed document, byte for byte."""
    if decree_selectors.verification_limited(request):
        return render(request, "mutasi/verify_limited.html", status=429)
    decree = decree_selectors.decree_public(token=token)
    outcome, bsre_conclusion, error = "", "", ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Pilih berkas PDF yang akan diperiksa.")
        elif upload.size > decree_selectors.MAX_VERIFY_UPLOAD:
            error = _("Berkas lebih dari 20 MB.")
        else:
            outcome, _sha256, bsre_conclusion = decree_selectors.verify_upload(decree, upload.read())
    return render(
        request,
        "mutasi/verify.html",
        {
            "decree": decree,
            "outcome": outcome,
            "bsre": bsre_conclusion,
            "error": error,
            "bsre_configured": bsre.configured(),
        },
        status=400 if error else 200,
    )


@login_required
def register(request):
    """The decree register of a year: the drafts (no number yet), then every number in order with its
    status; HR issues or discards a draft, cancels a decree with a reason, or uploads the signed scan
    of a decree signed on paper (regions without TTE)."""
    today = timezone.localdate()
    year = int_or_none(request.GET.get("tahun")) or today.year
    if request.method == "POST":
        pk = int_or_none(request.POST.get("decree"))
        action = request.POST.get("action")
        try:
            if action == "issue_draft":
                done = decree_services.decree_draft_issue(actor=request.user, decree_id=pk or 0)
                messages.success(request, _("Konsep diterbitkan sebagai SK %(n)s.") % {"n": done.number})
            elif action == "discard_draft":
                decree_services.decree_draft_discard(
                    actor=request.user, decree_id=pk or 0, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Konsep SK dibuang; tidak ada nomor yang terpakai."))
            elif action == "cancel":
                done = decree_services.decree_cancel(
                    actor=request.user, decree_id=pk or 0, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("SK %(n)s dibatalkan.") % {"n": done.number})
            elif request.POST.get("action") == "wet":
                done = signing.decree_upload_wet_signed(
                    actor=request.user, decree_id=pk or 0, uploaded_file=request.FILES.get("file")
                )
                messages.success(
                    request, _("Pindaian SK %(n)s bertanda tangan tersimpan.") % {"n": done.number}
                )
        except DomainError as exc:
            messages.error(request, error_text(exc))
        return redirect(f"{reverse('mutasi:decree-register')}?tahun={year}")
    rows = decree_selectors.decree_register(
        viewer=request.user, region_id=None, year=year, q=search_text(request.GET)
    )
    paging = list_page(request, rows)
    return render(
        request,
        "mutasi/register.html",
        {
            "drafts": decree_selectors.decree_drafts(viewer=request.user),
            "rows": paging["page"].object_list,
            "pager": paging,
            "year": year,
            "years": range(today.year, today.year - 6, -1),
            "may_change": permissions.may_cancel_decree(request.user),
        },
    )

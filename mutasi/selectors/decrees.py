"""Reads of the transfer decrees (SK mutasi). Who may see one: mutasi.permissions.visible_decrees."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django_ratelimit.core import is_ratelimited

from core import bsre
from core.paging import text_search
from core.types import Actor
from mutasi import permissions
from mutasi.choices import DecreeStatus
from mutasi.models import Decree, DecreeCounter, DecreeExtract


def decree_list(*, viewer: Actor) -> QuerySet[Decree]:
    return permissions.visible_decrees(
        viewer, Decree.objects.select_related("signer", "region").order_by("-date", "-seq")
    )


def decree_get(*, viewer: Actor, pk: int) -> Decree:
    """Those concerned: HR and region readers, the employees in it, heads of origin/destination."""
    try:
        return decree_list(viewer=viewer).get(pk=pk)
    except Decree.DoesNotExist:
        raise Http404


def signing_queue(*, viewer: Actor) -> QuerySet[Decree]:
    """The decrees waiting for the viewer's signature, oldest first, with their number of employees."""
    return permissions.signing_queue(
        viewer,
        Decree.objects.select_related("region").annotate(employees=Count("requests")).order_by("date", "seq"),
    )


def petikan_get(*, viewer: Actor, decree_pk: int, request_pk: int) -> DecreeExtract:
    """One employee's petikan: that employee and HR only (404 for anyone else: not even its existence)."""
    extract = (
        DecreeExtract.objects.select_related("decree", "request__employee")
        .filter(decree_id=decree_pk, request_id=request_pk)
        .first()
    )
    if extract is None or not permissions.may_download_petikan(viewer, extract):
        raise Http404
    return extract


def decree_public(*, token: str) -> Decree:
    """The decree behind a verification token (public page: the caller shows no personal data)."""
    decree = (
        Decree.objects.select_related("region")
        .annotate(employees=Count("requests"))
        .filter(verify_token=token)
        .first()
        if token
        else None
    )
    if decree is None:
        raise Http404
    return decree


def signed_file_matches(decree: Decree, sha256: str) -> str:
    """Which signed document of the decree has this sha256: "decree", "petikan" or "" (none)."""
    if not decree.signed_sha256:
        return ""
    if sha256 == decree.signed_sha256:
        return "decree"
    if DecreeExtract.objects.filter(decree=decree, signed_sha256=sha256).exists():
        return "petikan"
    return ""


def decree_drafts(*, viewer: Actor) -> QuerySet[Decree]:
    """The drafts (konsep SK) waiting to be issued or discarded, of any year, oldest first, with their
    number of employees. They have no number yet, so the register lists them before its numbers."""
    if not permissions.may_read_register(viewer):
        raise PermissionDenied
    return (
        Decree.objects.filter(status=DecreeStatus.DRAFT)
        .select_related("region")
        .annotate(employees=Count("draft_requests"))
        .order_by("date", "pk")
    )


MAX_VERIFY_UPLOAD = 20 * 1024 * 1024


def verification_limited(request) -> bool:
    """The verification page and API share one rate limit per client address (`VERIFY_RATE`): the
    token is unguessable, and the limit keeps anyone from trying many (issue 17 point 5)."""
    rate = getattr(settings, "VERIFY_RATE", "30/m")
    return is_ratelimited(request, group="verify-decree", key=_client_address, rate=rate, increment=True)


def _client_address(group: str, request) -> str:
    # The address the server saw (django-ratelimit's "ip" key raises KeyError when a WSGI host leaves
    # REMOTE_ADDR out, e.g. an in-process client: counted together rather than answered with a 500).
    return request.META.get("REMOTE_ADDR") or "-"


def verify_upload(decree: Decree, data: bytes) -> tuple[str, str, str]:
    """Is this file a signed document of the decree, byte for byte? (outcome, its sha256, BSrE's
    conclusion). Outcome "decree", "petikan" or "none"; BSrE's verify call only where it is configured."""
    sha256 = hashlib.sha256(data).hexdigest()
    outcome = signed_file_matches(decree, sha256) or "none"
    return outcome, sha256, bsre.verify(data) if bsre.configured() else ""


def decree_register(*, viewer: Actor, region_id: int | None, year: int, q: str = "") -> list[dict]:
    """The register of a year (issue 17 point 6): every number the counter gave, in order, each with
    its decree and status. A number without a decree would be a gap; the list shows it as such.
    `q` keeps only the decrees whose number or one of whose employees (name, start of NIP) matches."""
    if not permissions.may_read_register(viewer):
        raise PermissionDenied
    decrees = (
        Decree.objects.filter(year=year, seq__isnull=False)
        .select_related("region")
        .annotate(employees=Count("requests"))
    )
    if q.strip():
        found = text_search(
            Decree.objects.filter(year=year),
            q,
            fields=("number", "requests__employee__name"),
            nip_fields=("requests__employee__nip",),
        )
        decrees = decrees.filter(pk__in=found.values("pk"))
    counters = DecreeCounter.objects.filter(year=year)
    if region_id:
        decrees, counters = decrees.filter(region_id=region_id), counters.filter(region_id=region_id)
    by_key = {(d.region_id, d.seq): d for d in decrees}
    rows = []
    for counter in counters.select_related("region").order_by("region__name"):
        for seq in range(1, counter.last_seq + 1):
            decree = by_key.get((counter.region_id, seq))
            if decree is not None or not q.strip():  # a search shows the matches, not the gaps
                rows.append({"region": counter.region, "seq": seq, "decree": decree})
    return rows

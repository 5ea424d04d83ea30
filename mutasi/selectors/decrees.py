"""Reads of the transfer decrees (SK mutasi). Who may see one: mutasi.permissions.visible_decrees."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from core.types import Actor
from mutasi import permissions
from mutasi.models import Decree, DecreeExtract


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

"""Plumbing shared by the kinerja services: locking, the status/permission check, notifications."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.exceptions import TransitionNotAllowed
from core.services import notify
from kinerja.models import Appraisal


def locked(appraisal: Appraisal) -> Appraisal:
    """Reload under a row lock: two clicks on one SKP are serialised, the second sees the new status."""
    return (
        Appraisal.objects.select_for_update(of=("self",))
        .select_related("period", "employee__user", "appraiser__user")
        .get(pk=appraisal.pk)
    )


def check(appraisal: Appraisal, action: str, actor) -> None:
    """403 when the actor may never do this on this SKP; 409 when its status does not allow it now.

    Both come from the transition table on the model (django-fsm-2 source/target/permission).
    """
    method = getattr(appraisal, action)
    transitions = method._django_fsm.transitions.values()
    if not any(t.has_perm(appraisal, actor) for t in transitions):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada SKP ini."))
    if not can_proceed(method):
        raise TransitionNotAllowed(
            _("Tindakan ini tidak diizinkan pada SKP berstatus '%(status)s'.")
            % {"status": appraisal.get_status_display()}
        )


def detail_url(appraisal: Appraisal) -> str:
    return reverse("kinerja:detail", args=[appraisal.pk])


def notify_users(users, *, title: str, appraisal: Appraisal, body: str = "") -> None:
    notify(recipients=[u for u in users if u is not None], title=title, body=body, url=detail_url(appraisal))


def employee_user(appraisal: Appraisal):
    return appraisal.employee.user


def appraiser_user(appraisal: Appraisal):
    return appraisal.appraiser.user if appraisal.appraiser_id else None

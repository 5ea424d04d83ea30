"""Plumbing shared by the kinerja services: locking, the status/permission check, notifications."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.translation import gettext as _

from core import audit, workflow
from core.exceptions import DomainError
from core.services import notify
from core.types import Actor
from kinerja.models import Appraisal


def locked(appraisal: Appraisal) -> Appraisal:
    """Reload under a row lock: two clicks on one SKP are serialised, the second sees the new status."""
    return (
        Appraisal.objects.select_for_update(of=("self",))
        .select_related("period", "employee__user", "appraiser__user")
        .get(pk=appraisal.pk)
    )


def check(appraisal: Appraisal, action: str, actor: Actor) -> None:
    """403 when the actor may never do this on this SKP; 409 when its status does not allow it now.

    Both come from the transition table on the model (django-fsm-2 source/target/permission). The
    API asks it too, before it reads the input (`kinerja.services.appraisal_check`, ActsOn).
    """
    workflow.require_transition(
        getattr(appraisal, action),
        actor,
        never=_("Anda tidak berwenang melakukan tindakan ini pada SKP ini."),
        not_now=_("Tindakan ini tidak diizinkan pada SKP berstatus '%(status)s'."),
    )


def transition(
    appraisal: Appraisal, name: str, *, actor: Actor, action: str, audit_note: str = "", **kwargs
) -> Appraisal:
    """Apply the model transition `name` to a locked, checked SKP, save it and write its audit row."""
    before = appraisal.status
    getattr(appraisal, name)(**kwargs)
    appraisal.save()
    audit.record(
        actor=actor,
        action=action,
        target=appraisal,
        from_state=before,
        to_state=appraisal.status,
        note=audit_note,
    )
    return appraisal


def detail_url(appraisal: Appraisal) -> str:
    return reverse("kinerja:detail", args=[appraisal.pk])


def notify_users(users, *, title: str, appraisal: Appraisal, body: str = "") -> None:
    notify(recipients=[u for u in users if u is not None], title=title, body=body, url=detail_url(appraisal))


def employee_user(appraisal: Appraisal):
    return appraisal.employee.user


def appraiser_user(appraisal: Appraisal):
    return appraisal.appraiser.user if appraisal.appraiser_id else None


# Targets and realisations are DecimalField(max_digits=14, decimal_places=2): anything larger would be a
# database error (PostgreSQL "numeric field overflow"), so it is refused as bad input first.
MAX_AMOUNT = Decimal("999999999999.99")
# Appraisal.average_achievement is DecimalField(max_digits=8, decimal_places=2).
MAX_AVERAGE_ACHIEVEMENT = Decimal("999999.99")
# URLField's default length; only web links: a `javascript:` or `data:` "link" shown on the SKP and team
# goal pages would run in the browser of whoever clicks it (stored XSS).
MAX_URL_LENGTH = 200
_web_url = URLValidator(schemes=["http", "https"])


def clean_amount(value, *, field: str, minimum: Decimal = Decimal("0")) -> Decimal:
    """A target or realisation as a finite Decimal between `minimum` and MAX_AMOUNT (the column keeps
    2 decimals)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(_("Isi angka."), field=field)
    if not number.is_finite() or number < minimum or number > MAX_AMOUNT:
        raise DomainError(
            _("Angka harus antara %(min)s dan %(max)s.") % {"min": minimum, "max": MAX_AMOUNT}, field=field
        )
    return number


def clean_evidence_url(value: str, *, field: str = "evidence_url") -> str:
    """An evidence link: empty, or an http(s) URL of at most MAX_URL_LENGTH characters."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > MAX_URL_LENGTH:
        raise DomainError(_("Tautan bukti terlalu panjang (maksimal 200 karakter)."), field=field)
    try:
        _web_url(value)
    except ValidationError:
        raise DomainError(_("Tautan bukti harus alamat web (http:// atau https://)."), field=field)
    return value

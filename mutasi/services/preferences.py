"""Writes of standing preferences and circumstances (issue 21 point 1): only the employee records and
removes their own; each write is one transaction with its audit row.

Limits on what one employee may store: `MAX_PREFERENCES` wishes and dislikes, `MAX_CIRCUMSTANCES`
circumstances, one document each (PDF, JPEG or PNG by content, Policy.max_upload_mb); texts are held to
the Policy's text limits by the input layer (instansi.limits) before the view runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError
from core.types import Actor
from core.uploads import checked_content, save_field_file, tracking_writes
from instansi.models import Agency, Employee, Position, Unit
from mutasi import permissions
from mutasi.choices import CircumstanceCategory, CircumstanceScope, PreferenceKind
from mutasi.eligibility import policy_for
from mutasi.models import Circumstance, PlacementPreference

MAX_PREFERENCES = 20
MAX_CIRCUMSTANCES = 10
TARGETS = ("agency", "unit", "position")


def _own_employee(actor: Actor) -> Employee:
    if not permissions.may_keep_preferences(actor):
        access.require(False, _("Hanya pegawai yang dapat mencatat keinginan dan keadaannya sendiri."))
    return access.employee_of(actor)


def owner_check(row, actor: Actor) -> None:
    """403 unless the actor is the employee the wish or circumstance belongs to (asked by the API
    before it reads the input, and again here under the row lock)."""
    access.require(
        permissions.owns_standing_view(actor, row), _("Hanya pegawai itu sendiri yang dapat mengubahnya.")
    )


def _check_end_date(valid_until: dt.date | None) -> None:
    if valid_until is not None and valid_until < timezone.localdate():
        raise DomainError(_("Tanggal berakhir tidak boleh sebelum hari ini."), field="valid_until")


def _target(
    agency_id: int | None, unit_id: int | None, position_id: int | None, position_code: str = ""
) -> dict:
    """Exactly one of agency, unit (a place) or post (by id, or by its code as the page asks: a list of
    every post would be too long to choose from), and it must exist."""
    if position_code.strip() and not position_id:
        position_id = Position.objects.filter(code=position_code.strip()).values_list("pk", flat=True).first()
        if position_id is None:
            raise DomainError(_("Kode jabatan tidak ditemukan."), field="position_code")
    given = {
        name: value for name, value in zip(TARGETS, (agency_id, unit_id, position_id), strict=True) if value
    }
    if len(given) != 1:
        raise DomainError(_("Pilih satu: perangkat daerah, unit kerja/tempat, atau jabatan."), field="target")
    (name, pk), model = next(iter(given.items())), {"agency": Agency, "unit": Unit, "position": Position}
    found = model[name].objects.filter(pk=pk).first()
    if found is None:
        raise DomainError(_("Tujuan tidak ditemukan."), field=name)
    return {name: found}


@transaction.atomic
def preference_add(
    *,
    actor: Actor,
    kind: str,
    agency_id: int | None = None,
    unit_id: int | None = None,
    position_id: int | None = None,
    position_code: str = "",
    note: str = "",
    valid_until: dt.date | None = None,
) -> PlacementPreference:
    """Record a standing wish or dislike of the actor (the employee themself)."""
    employee = _own_employee(actor)
    if kind not in PreferenceKind.values:
        raise DomainError(_("Pilih keinginan atau ketidaksediaan."), field="kind")
    target = _target(agency_id, unit_id, position_id, position_code)
    _check_end_date(valid_until)
    # Lock the employee so two tabs adding at once cannot pass the limit together.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    mine = PlacementPreference.objects.filter(employee=employee)
    if mine.count() >= MAX_PREFERENCES:
        raise DomainError(
            _("Paling banyak %(n)s keinginan dan ketidaksediaan; hapus yang tidak berlaku lagi.")
            % {"n": MAX_PREFERENCES},
            field="kind",
        )
    if mine.filter(**target).exists():
        raise DomainError(
            _("Tujuan ini sudah Anda catat; hapus dulu yang lama untuk mengubahnya."), field="target"
        )
    row = PlacementPreference.objects.create(
        employee=employee, kind=kind, note=note.strip(), valid_until=valid_until, **target
    )
    audit.record(actor=actor, action="preference.add", target=row, to_state=kind)
    return row


@transaction.atomic
def preference_remove(*, actor: Actor, preference_id: int) -> None:
    row = PlacementPreference.objects.select_for_update().filter(pk=preference_id).first()
    if row is None:
        raise DomainError(_("Keinginan tidak ditemukan."), field="detail")
    owner_check(row, actor)
    audit.record(actor=actor, action="preference.remove", target=row, from_state=row.kind)
    row.delete()


def circumstance_add(
    *,
    actor: Actor,
    category: str,
    description: str,
    scope: str = CircumstanceScope.ANY_MOVE,
    valid_until: dt.date | None = None,
    document=None,
) -> Circumstance:
    """Record a circumstance that makes a move hard, with an optional supporting document (stored
    privately; removed again if the transaction does not commit)."""
    employee = _own_employee(actor)
    errors: dict[str, list[str]] = {}
    if category not in CircumstanceCategory.values:
        errors["category"] = [_("Pilih kategori keadaan.")]
    if scope not in CircumstanceScope.values:
        errors["scope"] = [_("Pilih perpindahan yang terhalang.")]
    if not description.strip():
        errors["description"] = [_("Uraikan keadaan Anda.")]
    if errors:
        raise DomainError(errors=errors)
    _check_end_date(valid_until)
    checked = _checked_document(employee, document) if document else None
    with tracking_writes(), transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()
        if Circumstance.objects.filter(employee=employee).count() >= MAX_CIRCUMSTANCES:
            raise DomainError(
                _("Paling banyak %(n)s keadaan; hapus yang tidak berlaku lagi.") % {"n": MAX_CIRCUMSTANCES},
                field="category",
            )
        row = Circumstance(
            employee=employee,
            category=category,
            scope=scope,
            description=description.strip(),
            valid_until=valid_until,
        )
        if checked is not None:
            _store_document(row, document, checked)
        row.save()
        audit.record(actor=actor, action="circumstance.add", target=row, to_state=category)
        return row


def _checked_document(employee: Employee, document) -> tuple[bytes, str]:
    region_id = employee.position.agency.region_id if employee.position_id else None
    return checked_content(document, max_mb=policy_for(region_id).max_upload_mb, field="document")


def _store_document(row: Circumstance, document, checked: tuple[bytes, str]) -> None:
    data, content_type = checked
    save_field_file(row.document, "dokumen", data)
    row.document_name = (getattr(document, "name", "") or "dokumen")[-200:]
    row.document_type = content_type
    row.document_size = len(data)
    row.document_sha256 = hashlib.sha256(data).hexdigest()


def circumstance_attach(*, actor: Actor, circumstance_id: int, document) -> Circumstance:
    """Attach (or replace) the supporting document of the actor's own circumstance; the old file goes
    once the change is committed."""
    with tracking_writes(), transaction.atomic():
        row = Circumstance.objects.select_for_update().filter(pk=circumstance_id).first()
        if row is None:
            raise DomainError(_("Keadaan tidak ditemukan."), field="detail")
        owner_check(row, actor)
        checked = _checked_document(row.employee, document)
        old = row.document.name if row.document else ""
        _store_document(row, document, checked)
        row.save()
        audit.record(actor=actor, action="circumstance.document", target=row)
        if old:
            transaction.on_commit(lambda: row.document.storage.delete(old))
        return row


@transaction.atomic
def circumstance_remove(*, actor: Actor, circumstance_id: int) -> None:
    row = Circumstance.objects.select_for_update().filter(pk=circumstance_id).first()
    if row is None:
        raise DomainError(_("Keadaan tidak ditemukan."), field="detail")
    owner_check(row, actor)
    audit.record(actor=actor, action="circumstance.remove", target=row, from_state=row.category)
    document = row.document.name if row.document else ""
    row.delete()
    if document:
        # The file goes only once the row's removal is committed.
        transaction.on_commit(lambda: row.document.storage.delete(document))

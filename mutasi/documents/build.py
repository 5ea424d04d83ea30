"""From the database to the document values: one decree (with its region's texts) and its entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutasi.choices import SigningMethod
from mutasi.documents.data import (
    DecreeDocument,
    Entry,
    Signer,
    emblem_bytes,
    heading_names,
    rank_of,
    signer_mode,
    texts,
)
from mutasi.models import Decree, DecreeTemplate, TransferRequest

DRAFT_NUMBER = _("KONSEP (nomor diberikan saat SK diterbitkan)")


def template_for(region_id: int) -> DecreeTemplate | None:
    return DecreeTemplate.objects.filter(region_id=region_id).first()


def verify_url(token: str) -> str:
    """The absolute address the QR code leads to (settings.PUBLIC_BASE_URL + /verifikasi/<token>/)."""
    base = getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}{reverse('verify-decree', args=[token])}" if token else ""


def entry_of(request: TransferRequest, tmt: dt.date) -> Entry:
    employee = request.employee
    origin = request.origin_position
    destination = request.destination_position
    return Entry(
        nip=employee.nip_display,
        name=employee.full_name,
        rank=rank_of(employee.golongan),
        old_post=request.origin_position_title or (origin.title if origin else "-"),
        old_unit=_unit(origin) or request.origin_agency_name or "-",
        new_post=destination.title if destination else "-",
        new_unit=_unit(destination) or request.external_instansi or "-",
        tmt=tmt,
    )


def _unit(position) -> str:
    if position is None:
        return ""
    agency = position.agency.name
    return f"{position.unit.name}, {agency}" if position.unit_id and position.unit else agency


def decree_requests(decree: Decree) -> list[TransferRequest]:
    return list(
        decree.requests.select_related(
            "employee",
            "origin_position__unit",
            "origin_position__agency",
            "destination_position__unit",
            "destination_position__agency",
        ).order_by("employee__name", "pk")
    )


def draft_document(decree: Decree) -> DecreeDocument:
    """The preview of a draft (konsep): its requests, and in place of the number, which a draft does not
    have yet, a line saying it is a draft. No QR code: the verification token is made at issue."""
    requests = list(
        decree.draft_requests.select_related(
            "employee",
            "origin_position__unit",
            "origin_position__agency",
            "destination_position__unit",
            "destination_position__agency",
        ).order_by("employee__name", "pk")
    )
    return replace(decree_document(decree, requests), number=str(DRAFT_NUMBER))


def decree_document(decree: Decree, requests: list[TransferRequest] | None = None) -> DecreeDocument:
    template = template_for(decree.region_id)
    region = decree.region
    head, area, city = heading_names(region, template)
    requests = decree_requests(decree) if requests is None else requests
    values = texts(template, head=head, area=area, tmt=decree.tmt, count=len(requests))
    return DecreeDocument(
        head=head,
        area=area,
        number=decree.number,
        date=decree.date,
        tmt=decree.tmt,
        subject=decree.subject or values["subject"],
        city=city,
        menimbang=values["menimbang"],
        mengingat=values["mengingat"],
        decisions=values["decisions"],
        tembusan=values["tembusan"],
        entries=[entry_of(r, decree.tmt) for r in requests],
        signer=Signer(
            mode=signer_mode(decree.signer_mode),
            title=decree.signer_title,
            name=decree.signer_name,
            rank=decree.signer_rank,
            nip=decree.signer_nip,
        ),
        emblem=emblem_bytes(template),
        paper=template.paper_size if template else "A4",
        verify_url=verify_url(decree.verify_token or ""),
        electronic=(template.signing_method if template else SigningMethod.TTE) == SigningMethod.TTE,
    )


def sample_document(template: DecreeTemplate) -> DecreeDocument:
    """HR's preview in the admin: the region's texts with three sample employees (no real person)."""
    region = template.region
    head, area, city = heading_names(region, template)
    today = timezone.localdate()  # the day in the region, not the server's UTC day
    values = texts(template, head=head, area=area, tmt=today, count=3)
    entries = [
        Entry(
            nip=f"19900101 201501 1 00{i}",
            name=name,
            rank=rank_of("III/a"),
            old_post="Pengadministrasi Umum",
            old_unit=f"Sekretariat, Dinas Contoh {i}",
            new_post="Analis Sumber Daya Manusia Aparatur",
            new_unit="Bidang Mutasi, BKPSDM",
            tmt=today,
        )
        for i, name in enumerate(["CONTOH PEGAWAI SATU", "CONTOH PEGAWAI DUA", "CONTOH PEGAWAI TIGA"], 1)
    ]
    return DecreeDocument(
        head=head,
        area=area,
        number="800.1.3.3/CONTOH/BKPSDM/" + str(today.year),
        date=today,
        tmt=today,
        subject=values["subject"],
        city=city,
        menimbang=values["menimbang"],
        mengingat=values["mengingat"],
        decisions=values["decisions"],
        tembusan=values["tembusan"],
        entries=entries,
        signer=Signer(mode="head", title=head, name="NAMA KEPALA DAERAH", rank="", nip=""),
        emblem=emblem_bytes(template),
        paper=template.paper_size,
        verify_url=verify_url("contoh"),
        electronic=template.signing_method == SigningMethod.TTE,
    )

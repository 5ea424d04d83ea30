"""What the demo region's employees said about moves (issue 21), for `seed_demo`: standing wishes and
dislikes of agencies, units and posts, and circumstances (some protecting, with a document).

Deterministic (chosen by employee id), set-based (a handful of queries and bulk inserts whatever the
size) and idempotent (nothing happens when the region already has preferences). Employees with a
demo account are left alone, so the end-to-end journeys start from people who stated nothing. The
story of the demo: part of Dinas Perhubungan's staff would gladly go to Dinas Kesehatan.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from instansi.models import Agency, Employee, Unit
from mutasi.choices import CircumstanceCategory, CircumstanceScope, PreferenceKind
from mutasi.models import Circumstance, PlacementPreference

DEMO_DOCUMENT = b"%PDF-1.4\n% Simutasi demo: surat keterangan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DEMO_DOCUMENT_PATH = "private/circumstances/demo/surat-keterangan.pdf"


def _document() -> str:
    """One stored demo document that every demo circumstance with a document points to."""
    if not default_storage.exists(DEMO_DOCUMENT_PATH):
        return default_storage.save(DEMO_DOCUMENT_PATH, ContentFile(DEMO_DOCUMENT))
    return DEMO_DOCUMENT_PATH


def seed(*, region, stdout=None, today: dt.date | None = None) -> int:
    if PlacementPreference.objects.filter(employee__position__agency__region=region).exists():
        return 0
    agencies = list(Agency.objects.filter(region=region).order_by("pk").values_list("pk", "code"))
    units = list(Unit.objects.filter(agency__region=region).order_by("pk").values_list("pk", flat=True))
    if not agencies:
        return 0
    codes = dict(agencies)
    dinkes = next((pk for pk, code in agencies if code == "DINKES"), agencies[0][0])
    people = Employee.objects.filter(
        position__agency__region=region, is_active=True, user__isnull=True
    ).order_by("pk")
    prefs, circumstances = [], []
    document = None
    for pk, agency in people.values_list("pk", "position__agency_id"):
        other = agencies[(pk // 7) % len(agencies)][0]
        if codes.get(agency) == "DISHUB" and pk % 3 == 0:
            prefs.append(PlacementPreference(employee_id=pk, kind=PreferenceKind.WISH, agency_id=dinkes))
        elif pk % 9 == 0 and other != agency:
            prefs.append(PlacementPreference(employee_id=pk, kind=PreferenceKind.WISH, agency_id=other))
        if pk % 11 == 0 and other != agency and other != dinkes:
            prefs.append(PlacementPreference(employee_id=pk, kind=PreferenceKind.DISLIKE, agency_id=other))
        if pk % 13 == 0 and units:
            kind = PreferenceKind.WISH if pk % 2 else PreferenceKind.DISLIKE
            prefs.append(PlacementPreference(employee_id=pk, kind=kind, unit_id=units[pk % len(units)]))
        if pk % 19 == 0:
            circumstances.append(
                Circumstance(
                    employee_id=pk,
                    category=CircumstanceCategory.EDUCATION,
                    scope=CircumstanceScope.OTHER_AGENCY,
                    description="Anak sedang menempuh tahun terakhir sekolah di dekat kantor sekarang.",
                    valid_until=(today or timezone.localdate()) + dt.timedelta(days=365),
                )
            )
        if pk % 23 == 0:
            document = document or _document()
            circumstances.append(
                Circumstance(
                    employee_id=pk,
                    category=CircumstanceCategory.SPOUSE if pk % 2 else CircumstanceCategory.HEALTH,
                    scope=CircumstanceScope.OTHER_AGENCY if pk % 2 else CircumstanceScope.ANY_MOVE,
                    description="Keadaan keluarga/kesehatan yang didukung surat keterangan.",
                    document=document,
                    document_name="surat-keterangan.pdf",
                    document_type="application/pdf",
                    document_size=len(DEMO_DOCUMENT),
                    document_sha256=hashlib.sha256(DEMO_DOCUMENT).hexdigest(),
                )
            )
    PlacementPreference.objects.bulk_create(prefs, batch_size=2000)
    Circumstance.objects.bulk_create(circumstances, batch_size=2000)
    if stdout is not None:
        stdout.write(
            f"  {len(prefs)} keinginan/penolakan penempatan dan {len(circumstances)} keadaan pegawai demo"
        )
    return len(prefs) + len(circumstances)

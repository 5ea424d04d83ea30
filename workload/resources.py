"""Import/export of uraian tugas (ABK) in the admin and in `instansi.imports.master_data_import`,
with the same options and Indonesian headers as the organisation master data (instansi.resources)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from import_export import fields

from instansi.models import Position
from instansi.resources import AllOrNothingResource, CachedCodeWidget, resource_meta
from workload.models import WorkloadTask


class WorkloadTaskResource(AllOrNothingResource):
    HEADERS = {
        "position": "Kode Jabatan",
        "description": "Uraian Tugas",
        "output_unit": "Satuan Hasil",
        "annual_volume": "Beban Kerja Setahun",
        "standard_minutes": "Norma Waktu (Menit)",
    }
    position = fields.Field("position", "position", CachedCodeWidget(Position, label=_("Jabatan")))

    Meta = resource_meta(
        model=WorkloadTask,
        import_id_fields=("position", "description"),
        fields=("position", "description", "output_unit", "annual_volume", "standard_minutes"),
    )

    def get_queryset(self):
        return WorkloadTask.objects.select_related("position")

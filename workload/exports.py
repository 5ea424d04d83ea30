"""XLSX export of a workload run in the layout of the usual ABK tables (REGULATION.md 2: results go to
national systems such as e-Formasi and SIMONA, so the export is a plain table).

- "Form C": one row per position: post, workload, required (exact and rounded), current, +/-, EJ, PJ.
- "Form D": the recap per agency and per unit, with the same columns.
openpyxl's write-only mode streams the rows, so a region-wide run does not sit in memory twice.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from core.formatting import datetime_local
from core.xlsx import header_row, safe_row
from instansi.choices import Rounding
from workload.models import WorkloadLevel, WorkloadRun

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header(ws, titles: list[str]) -> None:
    ws.append(header_row(ws, titles))


def _figures(row) -> list:
    if not row.analysed:
        return [None, None, None, row.current, None, None, _("belum dianalisis")]
    return [
        float(row.workload_hours),
        float(row.required_exact) if row.required_exact is not None else None,
        row.required,
        row.current,
        row.gap,
        float(row.ej) if row.ej is not None else None,
        row.pj or "-",
    ]


def run_workbook(*, run: WorkloadRun, rows) -> bytes:
    """Build the workbook of a run from its result rows (already filtered by access)."""
    snap = run.policy_snapshot or {}
    figures = [
        _("Beban kerja (jam)"),
        _("Kebutuhan (pecahan)"),
        _("Kebutuhan pegawai"),
        _("Pegawai saat ini"),
        _("+/-"),
        _("EJ"),
        _("PJ"),
    ]
    wb = Workbook(write_only=True)
    form_c = wb.create_sheet("Form C")
    form_c.append([_("Analisis beban kerja #%(id)s — %(region)s") % {"id": run.pk, "region": run.region}])
    form_c.append(
        [
            _("Jam kerja efektif per tahun: %(hours)s; pembulatan: %(rounding)s; selesai: %(when)s")
            % {
                "hours": snap.get("effective_hours_per_year", "-"),
                "rounding": _rounding_label(snap.get("rounding")),
                "when": datetime_local(run.finished_at),
            }
        ]
    )
    _header(
        form_c,
        [pgettext("nomor urut", "No."), _("Perangkat daerah"), _("Unit kerja"), _("Jabatan"), *figures],
    )
    form_d = wb.create_sheet("Form D")
    form_d.append([_("Rekapitulasi per perangkat daerah dan unit kerja — analisis #%(id)s") % {"id": run.pk}])
    _header(
        form_d,
        [_("Tingkat"), _("Perangkat daerah"), _("Unit kerja"), *figures, _("Jabatan belum dianalisis")],
    )
    number = 0
    for row in rows.iterator(chunk_size=2000):
        if row.level == WorkloadLevel.POSITION:
            number += 1
            unit = row.position.unit.name if row.position.unit_id else "-"
            form_c.append(
                safe_row(form_c, [number, row.agency.name, unit, row.position.title, *_figures(row)])
            )
        else:
            unit = row.unit.name if row.unit_id else _("(seluruh perangkat daerah)")
            form_d.append(
                safe_row(
                    form_d, [row.get_level_display(), row.agency.name, unit, *_figures(row), row.not_analysed]
                )
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rounding_label(code: str | None) -> str:
    """The rounding rule as HR reads it ("pembulatan ke atas"), not its code."""
    try:
        return str(Rounding(code).label)
    except ValueError:
        return code or "-"

"""XLSX export of a period's results: a plain table for HR and national systems."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.xlsx import safe_row


def period_results_xlsx(*, period, appraisals) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=f"SKP {period.year}")
    header = [
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Perangkat daerah"),
        _("Pejabat penilai"),
        _("Status"),
        _("Rata-rata capaian (%)"),
        _("Saran rating hasil kerja"),
        _("Rating hasil kerja"),
        _("Justifikasi"),
        _("Rating perilaku kerja"),
        _("Predikat"),
    ]
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for title in header:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)
    for a in appraisals.iterator(chunk_size=2000):
        ws.append(
            safe_row(
                ws,
                [
                    a.employee.nip,
                    a.employee.name,
                    a.position_title,
                    a.unit_name,
                    a.agency_name,
                    a.appraiser.name if a.appraiser_id else "",
                    a.get_status_display(),
                    float(a.average_achievement) if a.average_achievement is not None else None,
                    a.get_results_suggested_display(),
                    a.get_results_rating_display(),
                    a.results_justification,
                    a.get_behaviour_rating_display(),
                    a.get_predicate_display(),
                ],
            )
        )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

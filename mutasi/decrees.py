"""Decree PDF (SK mutasi) rendered with reportlab: the decision text and the lampiran table."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from mutasi.models import Decree


def _d(value) -> str:
    return date_format(value, "j F Y") if value else "-"


def render_decree_pdf(decree: Decree) -> bytes:
    """The decree (one page) followed by the lampiran listing every employee it moves."""
    requests = list(
        decree.requests.select_related("employee", "destination_position__agency").order_by("employee__name")
    )
    region = decree.region
    styles = getSampleStyleSheet()
    centre = styles["Title"]
    body = styles["BodyText"]
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    head_title = f"{region.head_title.upper()} {region.name.replace('Pemerintah ', '').upper()}"
    story = [
        Paragraph(f"KEPUTUSAN {head_title}", centre),
        Paragraph(f"NOMOR {decree.number}", centre),
        Paragraph("TENTANG MUTASI PEGAWAI NEGERI SIPIL", centre),
        Spacer(1, 0.4 * cm),
        Paragraph(
            "Menimbang: bahwa untuk kepentingan organisasi dan pengembangan karier, berdasarkan hasil analisis "
            "beban kerja dan penilaian kinerja, perlu memindahkan Pegawai Negeri Sipil yang namanya tercantum "
            "dalam lampiran keputusan ini.",
            body,
        ),
        Paragraph(
            "Mengingat: Undang-Undang Nomor 20 Tahun 2023 tentang ASN; Peraturan Pemerintah Nomor 11 Tahun 2017 "
            "sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020; Peraturan BKN Nomor 5 "
            "Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi.",
            body,
        ),
        Spacer(1, 0.3 * cm),
        Paragraph("MEMUTUSKAN:", styles["Heading3"]),
        Paragraph(
            f"KESATU: Memindahkan {len(requests)} Pegawai Negeri Sipil sebagaimana tercantum dalam lampiran "
            f"keputusan ini, terhitung mulai tanggal {_d(decree.tmt)}.",
            body,
        ),
        Paragraph(
            "KEDUA: Segala biaya akibat keputusan ini dibebankan kepada instansi penerima.",
            body,
        ),
        Paragraph("KETIGA: Keputusan ini mulai berlaku pada tanggal ditetapkan.", body),
        Spacer(1, 0.8 * cm),
        Paragraph(f"Ditetapkan pada tanggal {_d(decree.date)}", body),
        Paragraph(
            (f"a.n. {region.head_title}<br/>" if decree.on_behalf else "") + f"{decree.signer_title}", body
        ),
        Spacer(1, 1.2 * cm),
        Paragraph(f"<b>{decree.signer_name}</b><br/>NIP {decree.signer.nip_display}", body),
        PageBreak(),
        Paragraph(f"LAMPIRAN KEPUTUSAN NOMOR {decree.number}", styles["Heading3"]),
    ]
    rows = [["No", "Nama / NIP", "Jabatan lama", "Jabatan baru", "TMT"]]
    for i, r in enumerate(requests, 1):
        new_post = (
            f"{r.destination_position.title}<br/>{r.destination_position.agency.name}"
            if r.destination_position
            else r.external_instansi
        )
        rows.append(
            [
                str(i),
                Paragraph(f"{r.employee.full_name}<br/>{r.employee.nip_display}", small),
                Paragraph(f"{r.origin_position_title}<br/>{r.origin_agency_name}", small),
                Paragraph(new_post, small),
                Paragraph(_d(decree.tmt), small),
            ]
        )
    table = Table(rows, colWidths=[1 * cm, 4.5 * cm, 4.5 * cm, 4.5 * cm, 2.5 * cm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, 0), 8),
            ]
        )
    )
    story.append(table)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"SK {decree.number}", leftMargin=2 * cm, rightMargin=2 * cm, invariant=1
    )
    doc.build(story)
    return buffer.getvalue()

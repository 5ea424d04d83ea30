"""Decree documents (REGULATION.md 6): the values a decree states (`data`, built from the database by
`build`), their official layout (`render`: body + lampiran, petikan), the defaults of the texts."""

from mutasi.documents.build import (
    decree_document,
    decree_requests,
    draft_document,
    entry_of,
    sample_document,
    template_for,
    verify_url,
)
from mutasi.documents.render import Rendered, SignatureSpot, render_decree, render_petikan

__all__ = [
    "Rendered",
    "SignatureSpot",
    "decree_document",
    "decree_requests",
    "draft_document",
    "entry_of",
    "render_decree",
    "render_petikan",
    "sample_document",
    "template_for",
    "verify_url",
]

"""The decree PDF page download (the decree itself is issued in the admin)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from mutasi import files, selectors


@login_required
def decree_pdf(request, pk: int):
    return files.decree_pdf_response(selectors.decree_get(viewer=request.user, pk=pk))

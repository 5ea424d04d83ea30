"""The pager of a list page: Django's Paginator page plus the links to the previous and next page that
keep the page's other query parameters (search, filters). Rendered by templates/instansi/_pager.html."""

from __future__ import annotations

from django.core.paginator import Page


def pager(request, page: Page) -> dict:
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()

    def link(n: int) -> str:
        return f"?{base}&page={n}" if base else f"?page={n}"

    return {
        "page": page,
        "query": base,
        "prev": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }

"""Search and pages of a list page, one mechanism for every long list officers work through (issue 18
point 6): the request list, the decree register, delegations, evaluations, appraisees, talent boxes, key
posts and plans.

- `search_text(params)`: the `q` parameter, trimmed and bounded.
- `text_search(qs, q, fields=..., nip_fields=...)`: one search box over a few text columns; a query of
  digits (spaces allowed, as NIPs are printed grouped) also matches the start of a NIP. Selectors apply it
  after their visibility rules, so a search never widens what the viewer may see.
- `pager(request, page)` / `list_page(request, items)`: Django's Paginator page plus links to the previous
  and next page that keep the page's other query parameters, and those parameters for the search form.
  Rendered by templates/partials/_search.html and templates/instansi/_pager.html.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

SEARCH_MAX_CHARS = 100
PER_PAGE = 50


def search_text(params) -> str:
    return (params.get("q") or "").strip()[:SEARCH_MAX_CHARS]


def text_search(qs: QuerySet, q: str, *, fields: Sequence[str], nip_fields: Sequence[str] = ()) -> QuerySet:
    q = (q or "").strip()[:SEARCH_MAX_CHARS]
    if not q:
        return qs
    conditions = [Q(**{f"{field}__icontains": q}) for field in fields]
    digits = q.replace(" ", "")
    if digits.isdigit():
        conditions += [Q(**{f"{field}__startswith": digits}) for field in nip_fields]
    matched = qs.filter(reduce(or_, conditions))
    # A search through a to-many relation (a decree's requests) may match a row more than once.
    return matched.distinct() if _to_many(qs, [*fields, *nip_fields]) else matched


def _to_many(qs: QuerySet, fields: Sequence[str]) -> bool:
    model = qs.model
    for path in fields:
        current = model
        for part in path.split("__")[:-1]:
            field = current._meta.get_field(part)
            if field.many_to_many or field.one_to_many:
                return True
            current = field.related_model
    return False


def pager(request, page: Page) -> dict:
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()

    def link(n: int) -> str:
        return f"?{base}&page={n}" if base else f"?page={n}"

    return {
        "page": page,
        "query": base,
        "q": search_text(request.GET),
        # The page's other filters, carried by the search form as hidden fields.
        "hidden": [(k, v) for k, values in params.lists() if k != "q" for v in values],
        "prev": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }


def list_page(request, items, *, per_page: int = PER_PAGE) -> dict:
    """One page of `items` (a queryset or a list) as `pager` describes it; a bad page number shows the
    first or last page rather than an error (a hand-edited address should not break a page)."""
    return pager(request, Paginator(items, per_page).get_page(request.GET.get("page")))

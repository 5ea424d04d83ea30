"""Pages of organisation data: "Profil saya", the list of agencies and an agency's structure."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.paging import list_page, search_text
from instansi import permissions, selectors

EMPLOYEES_PER_PAGE = 50


@login_required
def profile(request):
    """Profil saya: own data, current post and placement history."""
    employee = selectors.employee_profile(viewer=request.user)
    return render(request, "instansi/profile.html", {"employee": employee})


@login_required
def agency_list(request):
    """Daftar perangkat daerah with their sizes; `?q=` searches by name."""
    query = request.GET.get("q", "").strip()
    agencies = selectors.agency_list(viewer=request.user, filters={"name": query} if query else None)
    return render(request, "instansi/agency_list.html", {"agencies": agencies, "query": query})


@login_required
def agency_detail(request, agency_id: int):
    """One agency: its unit tree, each unit's posts (kind, class, required staff) and their holders;
    `?q=` searches its employees (name, post, unit; the NIP where the viewer may see it), 50 a page."""
    structure = selectors.agency_structure(viewer=request.user, agency_id=agency_id)
    q = search_text(request.GET)
    found, paging = [], {"q": ""}
    if q:
        paging = list_page(
            request,
            selectors.agency_employee_search(viewer=request.user, agency=structure.agency, q=q),
            per_page=EMPLOYEES_PER_PAGE,
        )
        sees_private = permissions.private_fields_checker(request.user)
        found = [{"employee": e, "nip": sees_private(e)} for e in paging["page"].object_list]
    return render(
        request,
        "instansi/agency_detail.html",
        {"structure": structure, "agency": structure.agency, "found": found, "pager": paging},
    )

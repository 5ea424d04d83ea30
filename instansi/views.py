"""Pages of organisation data: "Profil saya", the list of agencies and an agency's structure."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from instansi import selectors


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
    """One agency: its unit tree, each unit's posts (kind, class, required staff) and their holders."""
    structure = selectors.agency_structure(viewer=request.user, agency_id=agency_id)
    return render(
        request, "instansi/agency_detail.html", {"structure": structure, "agency": structure.agency}
    )

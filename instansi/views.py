from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from instansi import selectors


@login_required
def profile(request):
    """Profil saya: own data, current post and placement history."""
    employee = selectors.employee_profile(viewer=request.user)
    return render(request, "instansi/profile.html", {"employee": employee})

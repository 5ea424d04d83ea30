from django.urls import path

from instansi import views

app_name = "instansi"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("opd/", views.agency_list, name="agency-list"),
    path("opd/<int:agency_id>/", views.agency_detail, name="agency-detail"),
]

# Workload analysis (ABK) pages, issue 4.
from instansi import dashboards  # noqa: E402

urlpatterns += [
    path("dasbor/", dashboards.dashboard, name="workload-dashboard"),
    path("dasbor/opd/<int:agency_id>/", dashboards.dashboard_agency, name="workload-dashboard-agency"),
    path("ikhtisar/", dashboards.overview, name="workload-overview"),
    path("ikhtisar/ekspor/<int:run_id>/", dashboards.export_run, name="workload-export"),
]

"""Pages of the workload analysis (ABK): the agency dashboard, the regional overview, the XLSX export.

Mounted at the site root (config/urls.py), so the addresses are those the pages had inside instansi."""

from django.urls import path

from workload import dashboards

app_name = "workload"
urlpatterns = [
    path("dasbor/", dashboards.dashboard, name="dashboard"),
    path("dasbor/opd/<int:agency_id>/", dashboards.dashboard_agency, name="dashboard-agency"),
    path("ikhtisar/", dashboards.overview, name="overview"),
    path("ikhtisar/ekspor/<int:run_id>/", dashboards.export_run, name="export"),
]

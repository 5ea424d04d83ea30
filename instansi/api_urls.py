from django.urls import path

from instansi import api

urlpatterns = [
    path("agencies/", api.AgencyListApi.as_view(), name="api-agency-list"),
    path("agencies/<int:pk>/", api.AgencyDetailApi.as_view(), name="api-agency-detail"),
    path("units/", api.UnitListApi.as_view(), name="api-unit-list"),
    path("units/<int:pk>/", api.UnitDetailApi.as_view(), name="api-unit-detail"),
    path("positions/", api.PositionListApi.as_view(), name="api-position-list"),
    path("positions/<int:pk>/", api.PositionDetailApi.as_view(), name="api-position-detail"),
    path("employees/", api.EmployeeListApi.as_view(), name="api-employee-list"),
    path("employees/me/", api.EmployeeMeApi.as_view(), name="api-employee-me"),
    path("employees/<int:pk>/", api.EmployeeDetailApi.as_view(), name="api-employee-detail"),
]

# Workload analysis (ABK), issue 4.
from instansi import workload_api  # noqa: E402

urlpatterns += [
    path("workload/tasks/", workload_api.WorkloadTaskListApi.as_view(), name="api-workload-task-list"),
    path("workload/runs/", workload_api.WorkloadRunListApi.as_view(), name="api-workload-run-list"),
    path(
        "workload/runs/<int:pk>/", workload_api.WorkloadRunDetailApi.as_view(), name="api-workload-run-detail"
    ),
    path("workload/results/", workload_api.WorkloadResultListApi.as_view(), name="api-workload-result-list"),
    path("workload/agencies/", workload_api.WorkloadAgencyListApi.as_view(), name="api-workload-agency-list"),
]

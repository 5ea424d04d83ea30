"""Workload API under /api/v1/workload/ (DESIGN.md 7); paths and names as they were in instansi."""

from django.urls import path

from workload import api

urlpatterns = [
    path("workload/tasks/", api.WorkloadTaskListApi.as_view(), name="api-workload-task-list"),
    path("workload/runs/", api.WorkloadRunListApi.as_view(), name="api-workload-run-list"),
    path("workload/runs/<int:pk>/", api.WorkloadRunDetailApi.as_view(), name="api-workload-run-detail"),
    path("workload/results/", api.WorkloadResultListApi.as_view(), name="api-workload-result-list"),
    path("workload/agencies/", api.WorkloadAgencyListApi.as_view(), name="api-workload-agency-list"),
]

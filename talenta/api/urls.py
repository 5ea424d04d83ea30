"""Talent management API under /api/v1/talenta/ (DESIGN.md 7 conventions)."""

from django.urls import path

from talenta.api import development, grids, succession

urlpatterns = [
    path("talenta/grids/", grids.GridListApi.as_view(), name="api-talenta-grid-list"),
    path("talenta/grids/<int:pk>/", grids.GridDetailApi.as_view(), name="api-talenta-grid-detail"),
    path(
        "talenta/grids/<int:pk>/entries/", grids.GridEntryListApi.as_view(), name="api-talenta-grid-entries"
    ),
    path("talenta/entries/<int:pk>/", grids.EntryDetailApi.as_view(), name="api-talenta-entry-detail"),
    path("talenta/me/", grids.MyEntryApi.as_view(), name="api-talenta-me"),
    path("talenta/development/", development.DevelopmentApi.as_view(), name="api-talenta-development"),
    path(
        "talenta/development/employees/",
        development.DevelopmentEntryListApi.as_view(),
        name="api-talenta-development-employees",
    ),
    path("talenta/key-posts/", succession.KeyPostListApi.as_view(), name="api-talenta-key-post-list"),
    path(
        "talenta/key-posts/<int:pk>/plans/",
        succession.KeyPostPlanCreateApi.as_view(),
        name="api-talenta-plan-create",
    ),
    path(
        "talenta/succession-plans/<int:pk>/",
        succession.PlanDetailApi.as_view(),
        name="api-talenta-plan-detail",
    ),
    path(
        "talenta/succession-plans/<int:pk>/confirm/",
        succession.PlanConfirmApi.as_view(),
        name="api-talenta-plan-confirm",
    ),
]

from django.urls import path

from planning import api

urlpatterns = [
    path("plans/", api.PlanListCreateApi.as_view(), name="api-plan-list"),
    path("plans/<int:pk>/", api.PlanDetailApi.as_view(), name="api-plan-detail"),
    path("plans/<int:pk>/items/", api.PlanItemListApi.as_view(), name="api-plan-items"),
    path("plans/<int:pk>/apply/", api.PlanApplyApi.as_view(), name="api-plan-apply"),
    path("plans/<int:pk>/resolve/", api.PlanResolveApi.as_view(), name="api-plan-resolve"),
    path(
        "plans/<int:pk>/items/<int:item_id>/remove/",
        api.PlanItemRemoveApi.as_view(),
        name="api-plan-item-remove",
    ),
    path("plans/<int:pk>/items/<int:item_id>/pin/", api.PlanItemPinApi.as_view(), name="api-plan-item-pin"),
    path(
        "plans/<int:pk>/items/<int:item_id>/unpin/",
        api.PlanItemUnpinApi.as_view(),
        name="api-plan-item-unpin",
    ),
]

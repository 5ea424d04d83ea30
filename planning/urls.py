from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("pelatihan/", views.training_needs, name="training"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/hitung-ulang/", views.plan_resolve, name="resolve"),
    path("<int:pk>/terapkan/", views.plan_apply, name="apply"),
    path(
        "<int:pk>/butir/<int:item_id>/<str:action>/",
        views.plan_item_action,
        name="item-action",
    ),
]

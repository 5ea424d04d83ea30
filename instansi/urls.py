from django.urls import path

from instansi import views

app_name = "instansi"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("opd/", views.agency_list, name="agency-list"),
    path("opd/<int:agency_id>/", views.agency_detail, name="agency-detail"),
]

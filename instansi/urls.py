from django.urls import path

from instansi import views

app_name = "instansi"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
]

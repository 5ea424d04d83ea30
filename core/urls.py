from django.contrib.auth import views as auth_views
from django.urls import path

from core import first_login, views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(authentication_form=views.LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset by e-mail: Django's views, our Indonesian templates (templates/registration/).
    path("lupa-sandi/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "atur-sandi/<uidb64>/<token>/",
        first_login.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "atur-sandi/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    # Changing one's password (and the first-login change of an initial password: core.first_login).
    path("ganti-sandi/", first_login.PasswordChangeView.as_view(), name="password_change"),
    path(
        "ganti-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("notifikasi/", views.notifications, name="notifications"),
    path("healthz/", views.healthz, name="healthz"),
    path("panduan/", views.guide, name="guide"),
    path("jejak-audit/", views.audit_trail, name="audit_trail"),
    path("jejak-audit/unduh/", views.audit_trail_export, name="audit_trail_export"),
]

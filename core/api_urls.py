from django.urls import path

from core.api_views import AuditEventListApi, LogoutApi, TokenApi

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="api-token"),
    path("auth/logout/", LogoutApi.as_view(), name="api-logout"),
    path("audit-events/", AuditEventListApi.as_view(), name="api-audit-events"),
]

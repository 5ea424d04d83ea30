from django.urls import path

from core.api_views import AuditEventListApi, TokenApi

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="api-token"),
    path("audit-events/", AuditEventListApi.as_view(), name="api-audit-events"),
]

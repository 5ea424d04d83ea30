from django.urls import path

from core.api_views import TokenApi

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="api-token"),
]

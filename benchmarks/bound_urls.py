"""The load benchmark's lower bound on cost (`benchmarks/load.py --bound`): Simutasi's own URLs plus three
views that do nothing but what every signed-in request must do, so their throughput is the most the
load run's real endpoints could reach on this machine, whatever they were made to compute, even served
whole from a cache. Served only by the benchmark's own gunicorn (`benchmarks.bound_settings`); never part of
the application's URLs.

- `/bound/api/`: a DRF view with the API's authentication and permission (token, roles loaded in one
  statement) answering a fixed JSON body the size of an employee list page;
- `/bound/api-cached/`: the same, the body read from the Redis cache (what a response cache costs at
  the least: one cache read, before any key or version is computed);
- `/bound/page/`: a signed-in page (session, `login_required`) answering a fixed HTML body the size of
  the dashboard.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import path
from rest_framework.views import APIView

from config.urls import urlpatterns as simutasi_urlpatterns

JSON_BODY = b'{"count": 1, "results": [' + b",".join([b'{"id": 1, "name": "ASN"}'] * 1700) + b"]}"
HTML_BODY = b"<!doctype html><p>" + b"x" * 60_000 + b"</p>"
CACHE_KEY = "bound:json-body"


class BoundApi(APIView):
    def get(self, request):
        return HttpResponse(JSON_BODY, content_type="application/json")


class BoundCachedApi(APIView):
    def get(self, request):
        body = cache.get(CACHE_KEY)
        if body is None:
            body = JSON_BODY
            cache.set(CACHE_KEY, body, 3600)
        return HttpResponse(body, content_type="application/json")


@login_required
def bound_page(request):
    return HttpResponse(HTML_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [
    *simutasi_urlpatterns,
    path("bound/api/", BoundApi.as_view()),
    path("bound/api-cached/", BoundCachedApi.as_view()),
    path("bound/page/", bound_page),
]

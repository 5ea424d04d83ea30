from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from mutasi.views import decrees as mutasi_decrees

# The inline style Swagger UI (drf-spectacular-sidecar) applies while it renders; a new sidecar version
# that changes it fails the browser journey test_swagger_ui_and_the_pages_run_under_the_content_security_policy.
SWAGGER_UI_STYLE_HASH = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"

api_v1 = [
    path("", include("core.api_urls")),
    path("", include("instansi.api_urls")),
    path("", include("workload.api_urls")),
    path("", include("kinerja.api.urls")),
    path("", include("talenta.api.urls")),
    path("", include("mutasi.api.urls")),
    path("", include("planning.api_urls")),
]

urlpatterns = [
    # Admin addresses of the workload models from before they moved from instansi to the workload app
    # (issue 15): HR's bookmarks keep working.
    path(
        "admin/instansi/",
        include(
            [
                re_path(
                    r"^(?P<model>workloadtask|workloadrun|workloadresult)/(?P<rest>.*)$",
                    RedirectView.as_view(
                        url="/admin/workload/%(model)s/%(rest)s", permanent=True, query_string=True
                    ),
                )
            ]
        ),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start script as a file, so the CSP needs no inline script; the
    # one inline style Swagger UI's bundle applies is allowed by its hash on this page only.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-hashes'", SWAGGER_UI_STYLE_HASH]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="swagger-ui",
    ),
    path("", include("core.urls")),
    path("", include("instansi.urls")),
    path("", include("workload.urls")),
    path("kinerja/", include("kinerja.urls")),
    path("talenta/", include("talenta.urls")),
    path("mutasi/", include("mutasi.urls")),
    path("rencana/", include("planning.urls")),
    # Public (no login): the page the QR code on a signed decree opens (issue 17 point 5).
    path("verifikasi/<slug:token>/", mutasi_decrees.verify, name="verify-decree"),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

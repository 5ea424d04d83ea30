from django.urls import path

from mutasi import views, views_followup

app_name = "mutasi"
urlpatterns = [
    path("", views.my_requests, name="list"),
    path("baru/", views.new_request, name="new"),
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("pengecualian/", views.exceptions_report, name="exceptions"),
    path("evaluasi/", views_followup.evaluations, name="evaluations"),
    path("evaluasi/<int:pk>/<slug:part>/", views_followup.evaluation_act, name="evaluation-act"),
    path("delegasi/", views_followup.delegations, name="delegations"),
    path("delegasi/<int:pk>/akhiri/", views_followup.delegation_end, name="delegation-end"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/aksi/<slug:action>/", views.act, name="act"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment"),
    path("sk/<int:pk>/pdf/", views.decree_pdf, name="decree-pdf"),
]

from django.urls import path

from mutasi.views import decrees, delegations, evaluations, merit, preferences, transfers

app_name = "mutasi"
urlpatterns = [
    path("", transfers.my_requests, name="list"),
    path("baru/", transfers.new_request, name="new"),
    path("kotak-masuk/", transfers.inbox, name="inbox"),
    path("pengecualian/", transfers.exceptions_report, name="exceptions"),
    path("bukti-merit/", merit.merit_evidence, name="merit"),
    path("bukti-merit/xlsx/", merit.merit_evidence_export, name="merit-xlsx"),
    path("evaluasi/", evaluations.evaluations, name="evaluations"),
    path("evaluasi/<int:pk>/<slug:part>/", evaluations.evaluation_act, name="evaluation-act"),
    path("delegasi/", delegations.delegations, name="delegations"),
    path("delegasi/<int:pk>/akhiri/", delegations.delegation_end, name="delegation-end"),
    path("preferensi/", preferences.my_preferences, name="preferences"),
    path("preferensi/<int:pk>/hapus/", preferences.preference_remove, name="preference-remove"),
    path("preferensi/keadaan/<int:pk>/hapus/", preferences.circumstance_remove, name="circumstance-remove"),
    path(
        "preferensi/keadaan/<int:pk>/dokumen/",
        preferences.circumstance_document,
        name="circumstance-document",
    ),
    path(
        "preferensi/pegawai/<int:employee_pk>/", preferences.employee_preferences, name="employee-preferences"
    ),
    path("<int:pk>/", transfers.detail, name="detail"),
    path("<int:pk>/aksi/<slug:action>/", transfers.act, name="act"),
    path("lampiran/<int:pk>/", transfers.attachment_download, name="attachment"),
    path("sk/<int:pk>/pdf/", decrees.decree_pdf, name="decree-pdf"),
    path("sk/<int:pk>/petikan/<int:request_pk>/", decrees.petikan, name="decree-petikan"),
    path("sk/tanda-tangan/", decrees.sign_queue, name="decree-sign-queue"),
    path("sk/register/", decrees.register, name="decree-register"),
]

from django.urls import path

from mutasi.api import decrees, delegations, evaluations, preferences, transfers

urlpatterns = [
    path("transfers/", transfers.TransferListCreateApi.as_view(), name="api-transfers"),
    path(
        "transfers/eligibility/", transfers.TransferEligibilityApi.as_view(), name="api-transfers-eligibility"
    ),
    path("transfers/inbox/", transfers.TransferInboxApi.as_view(), name="api-transfers-inbox"),
    path("transfers/<int:pk>/", transfers.TransferDetailApi.as_view(), name="api-transfer-detail"),
    path("transfers/<int:pk>/submit/", transfers.TransferSubmitApi.as_view(), name="api-transfer-submit"),
    path("transfers/<int:pk>/approve/", transfers.TransferApproveApi.as_view(), name="api-transfer-approve"),
    path("transfers/<int:pk>/reject/", transfers.TransferRejectApi.as_view(), name="api-transfer-reject"),
    path("transfers/<int:pk>/return/", transfers.TransferReturnApi.as_view(), name="api-transfer-return"),
    path(
        "transfers/<int:pk>/withdraw/", transfers.TransferWithdrawApi.as_view(), name="api-transfer-withdraw"
    ),
    path(
        "transfers/<int:pk>/milestones/",
        transfers.TransferMilestoneApi.as_view(),
        name="api-transfer-milestones",
    ),
    path(
        "transfers/<int:pk>/attachments/",
        transfers.TransferAttachmentsApi.as_view(),
        name="api-transfer-attachments",
    ),
    path(
        "transfers/<int:pk>/consultation/",
        transfers.TransferConsultationApi.as_view(),
        name="api-transfer-consultation",
    ),
    path(
        "transfers/<int:pk>/consultation/override/",
        transfers.TransferConsultationOverrideApi.as_view(),
        name="api-transfer-consultation-override",
    ),
    path("transfers/<int:pk>/audit/", transfers.TransferAuditApi.as_view(), name="api-transfer-audit"),
    path(
        "attachments/<int:pk>/download/",
        transfers.AttachmentDownloadApi.as_view(),
        name="api-mutasi-attachment-download",
    ),
    path("decrees/", decrees.DecreeListCreateApi.as_view(), name="api-decrees"),
    path("decrees/<int:pk>/", decrees.DecreeDetailApi.as_view(), name="api-decree-detail"),
    path("decrees/<int:pk>/pdf/", decrees.DecreePdfApi.as_view(), name="api-mutasi-decree-pdf"),
    path("decrees/<int:pk>/issue/", decrees.DecreeDraftIssueApi.as_view(), name="api-decree-issue"),
    path("decrees/<int:pk>/discard/", decrees.DecreeDraftDiscardApi.as_view(), name="api-decree-discard"),
    path("decrees/signing-queue/", decrees.DecreeSigningQueueApi.as_view(), name="api-decrees-signing-queue"),
    path("decrees/sign/", decrees.DecreeSignApi.as_view(), name="api-decrees-sign"),
    path("verification/<slug:token>/", decrees.VerificationApi.as_view(), name="api-verification"),
    path("delegations/", delegations.DelegationListCreateApi.as_view(), name="api-delegations"),
    path("delegations/<int:pk>/end/", delegations.DelegationEndApi.as_view(), name="api-delegation-end"),
    path("transfers/<int:pk>/cancel/", transfers.TransferCancelApi.as_view(), name="api-transfer-cancel"),
    path("evaluations/", evaluations.EvaluationListApi.as_view(), name="api-evaluations"),
    path("evaluations/<int:pk>/", evaluations.EvaluationDetailApi.as_view(), name="api-evaluation-detail"),
    path("evaluations/<int:pk>/head/", evaluations.EvaluationHeadApi.as_view(), name="api-evaluation-head"),
    path(
        "evaluations/<int:pk>/employee/",
        evaluations.EvaluationEmployeeApi.as_view(),
        name="api-evaluation-employee",
    ),
    path("preferences/", preferences.PreferenceListCreateApi.as_view(), name="api-preferences"),
    path("preferences/<int:pk>/", preferences.PreferenceDetailApi.as_view(), name="api-preference-detail"),
    path("circumstances/", preferences.CircumstanceListCreateApi.as_view(), name="api-circumstances"),
    path(
        "circumstances/<int:pk>/", preferences.CircumstanceDetailApi.as_view(), name="api-circumstance-detail"
    ),
    path(
        "circumstances/<int:pk>/document/",
        preferences.CircumstanceDocumentApi.as_view(),
        name="api-circumstance-document",
    ),
]

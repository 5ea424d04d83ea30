from django.urls import path

from mutasi import api, api_decrees, api_delegations, api_evaluations

urlpatterns = [
    path("transfers/", api.TransferListCreateApi.as_view(), name="api-transfers"),
    path("transfers/eligibility/", api.TransferEligibilityApi.as_view(), name="api-transfers-eligibility"),
    path("transfers/inbox/", api.TransferInboxApi.as_view(), name="api-transfers-inbox"),
    path("transfers/<int:pk>/", api.TransferDetailApi.as_view(), name="api-transfer-detail"),
    path("transfers/<int:pk>/submit/", api.TransferSubmitApi.as_view(), name="api-transfer-submit"),
    path("transfers/<int:pk>/approve/", api.TransferApproveApi.as_view(), name="api-transfer-approve"),
    path("transfers/<int:pk>/reject/", api.TransferRejectApi.as_view(), name="api-transfer-reject"),
    path("transfers/<int:pk>/return/", api.TransferReturnApi.as_view(), name="api-transfer-return"),
    path("transfers/<int:pk>/withdraw/", api.TransferWithdrawApi.as_view(), name="api-transfer-withdraw"),
    path(
        "transfers/<int:pk>/milestones/", api.TransferMilestoneApi.as_view(), name="api-transfer-milestones"
    ),
    path(
        "transfers/<int:pk>/attachments/",
        api.TransferAttachmentsApi.as_view(),
        name="api-transfer-attachments",
    ),
    path("transfers/<int:pk>/audit/", api.TransferAuditApi.as_view(), name="api-transfer-audit"),
    path(
        "attachments/<int:pk>/download/",
        api.AttachmentDownloadApi.as_view(),
        name="api-mutasi-attachment-download",
    ),
    path("decrees/", api_decrees.DecreeListCreateApi.as_view(), name="api-decrees"),
    path("decrees/<int:pk>/", api_decrees.DecreeDetailApi.as_view(), name="api-decree-detail"),
    path("decrees/<int:pk>/pdf/", api_decrees.DecreePdfApi.as_view(), name="api-mutasi-decree-pdf"),
    path("delegations/", api_delegations.DelegationListCreateApi.as_view(), name="api-delegations"),
    path("delegations/<int:pk>/end/", api_delegations.DelegationEndApi.as_view(), name="api-delegation-end"),
    path("transfers/<int:pk>/cancel/", api.TransferCancelApi.as_view(), name="api-transfer-cancel"),
    path("evaluations/", api_evaluations.EvaluationListApi.as_view(), name="api-evaluations"),
    path(
        "evaluations/<int:pk>/", api_evaluations.EvaluationDetailApi.as_view(), name="api-evaluation-detail"
    ),
    path(
        "evaluations/<int:pk>/head/", api_evaluations.EvaluationHeadApi.as_view(), name="api-evaluation-head"
    ),
    path(
        "evaluations/<int:pk>/employee/",
        api_evaluations.EvaluationEmployeeApi.as_view(),
        name="api-evaluation-employee",
    ),
]

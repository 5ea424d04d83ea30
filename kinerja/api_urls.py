from django.urls import path

from kinerja import api, api_team

urlpatterns = [
    path("appraisals/", api.AppraisalListApi.as_view(), name="appraisal-list"),
    path("appraisals/<int:pk>/", api.AppraisalDetailApi.as_view(), name="appraisal-detail"),
    path(
        "appraisals/<int:pk>/result-plans/", api.ResultPlanCreateApi.as_view(), name="appraisal-result-plans"
    ),
    path("appraisals/<int:pk>/submit/", api.AppraisalSubmitApi.as_view(), name="appraisal-submit"),
    path("appraisals/<int:pk>/agree/", api.AppraisalAgreeApi.as_view(), name="appraisal-agree"),
    path("appraisals/<int:pk>/return/", api.AppraisalReturnApi.as_view(), name="appraisal-return"),
    path("appraisals/<int:pk>/feedback/", api.AppraisalFeedbackApi.as_view(), name="appraisal-feedback"),
    path("appraisals/<int:pk>/rate/", api.AppraisalRateApi.as_view(), name="appraisal-rate"),
    path(
        "appraisals/<int:pk>/acknowledge/",
        api.AppraisalAcknowledgeApi.as_view(),
        name="appraisal-acknowledge",
    ),
    path("appraisals/<int:pk>/object/", api.AppraisalObjectApi.as_view(), name="appraisal-object"),
    path("appraisals/<int:pk>/finalise/", api.AppraisalFinaliseApi.as_view(), name="appraisal-finalise"),
    path("result-plans/<int:pk>/", api.ResultPlanDeleteApi.as_view(), name="result-plan-delete"),
    path("indicators/<int:pk>/realise/", api.IndicatorRealiseApi.as_view(), name="indicator-realise"),
    path("appraisal-periods/", api.AppraisalPeriodListApi.as_view(), name="appraisal-period-list"),
    path(
        "appraisal-periods/<int:pk>/batches/",
        api.AppraisalBatchCreateApi.as_view(),
        name="appraisal-batch-create",
    ),
    path(
        "appraisal-periods/<int:pk>/finalise/",
        api.AppraisalSetFinaliseApi.as_view(),
        name="appraisal-set-finalise",
    ),
    path("appraisal-batches/<int:pk>/", api.AppraisalBatchDetailApi.as_view(), name="appraisal-batch-detail"),
    path(
        "organisation-performances/",
        api.OrganisationPerformanceListApi.as_view(),
        name="org-performance-list",
    ),
    path("appraisal-distribution/", api.DistributionApi.as_view(), name="appraisal-distribution"),
    path("team-goals/", api_team.TeamGoalListCreateApi.as_view(), name="team-goal-list"),
    path("team-goals/<int:pk>/", api_team.TeamGoalDetailApi.as_view(), name="team-goal-detail"),
    path("team-goals/<int:pk>/realise/", api_team.TeamGoalRealiseApi.as_view(), name="team-goal-realise"),
]

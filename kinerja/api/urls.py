from django.urls import path

from kinerja.api import appraisals, distribution, periods, team_goals

urlpatterns = [
    path("appraisals/", appraisals.AppraisalListApi.as_view(), name="appraisal-list"),
    path("appraisals/<int:pk>/", appraisals.AppraisalDetailApi.as_view(), name="appraisal-detail"),
    path(
        "appraisals/<int:pk>/result-plans/",
        appraisals.ResultPlanCreateApi.as_view(),
        name="appraisal-result-plans",
    ),
    path("appraisals/<int:pk>/submit/", appraisals.AppraisalSubmitApi.as_view(), name="appraisal-submit"),
    path("appraisals/<int:pk>/agree/", appraisals.AppraisalAgreeApi.as_view(), name="appraisal-agree"),
    path("appraisals/<int:pk>/return/", appraisals.AppraisalReturnApi.as_view(), name="appraisal-return"),
    path(
        "appraisals/<int:pk>/feedback/", appraisals.AppraisalFeedbackApi.as_view(), name="appraisal-feedback"
    ),
    path("appraisals/<int:pk>/rate/", appraisals.AppraisalRateApi.as_view(), name="appraisal-rate"),
    path(
        "appraisals/<int:pk>/acknowledge/",
        appraisals.AppraisalAcknowledgeApi.as_view(),
        name="appraisal-acknowledge",
    ),
    path("appraisals/<int:pk>/object/", appraisals.AppraisalObjectApi.as_view(), name="appraisal-object"),
    path(
        "appraisals/<int:pk>/finalise/", appraisals.AppraisalFinaliseApi.as_view(), name="appraisal-finalise"
    ),
    path("result-plans/<int:pk>/", appraisals.ResultPlanDeleteApi.as_view(), name="result-plan-delete"),
    path("indicators/<int:pk>/realise/", appraisals.IndicatorRealiseApi.as_view(), name="indicator-realise"),
    path("appraisal-periods/", periods.AppraisalPeriodListApi.as_view(), name="appraisal-period-list"),
    path(
        "appraisal-periods/<int:pk>/batches/",
        periods.AppraisalBatchCreateApi.as_view(),
        name="appraisal-batch-create",
    ),
    path(
        "appraisal-periods/<int:pk>/finalise/",
        periods.AppraisalSetFinaliseApi.as_view(),
        name="appraisal-set-finalise",
    ),
    path(
        "appraisal-batches/<int:pk>/",
        periods.AppraisalBatchDetailApi.as_view(),
        name="appraisal-batch-detail",
    ),
    path(
        "organisation-performances/",
        periods.OrganisationPerformanceListApi.as_view(),
        name="org-performance-list",
    ),
    path("appraisal-distribution/", distribution.DistributionApi.as_view(), name="appraisal-distribution"),
    path("team-goals/", team_goals.TeamGoalListCreateApi.as_view(), name="team-goal-list"),
    path("team-goals/<int:pk>/", team_goals.TeamGoalDetailApi.as_view(), name="team-goal-detail"),
    path("team-goals/<int:pk>/realise/", team_goals.TeamGoalRealiseApi.as_view(), name="team-goal-realise"),
]

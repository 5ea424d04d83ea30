"""REST API of team goals (target tim): list and create, one goal, its realisation. Reads through
kinerja.team_goals (access), writes through kinerja.services."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.api_permissions import ActsOn
from instansi.models import Agency
from kinerja import permissions, services, team_goals
from kinerja.choices import Aspect
from kinerja.models import AppraisalPeriod, TeamGoal


class TeamGoalDetailOutput(serializers.ModelSerializer):
    achievement = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True, allow_null=True)
    period_year = serializers.IntegerField(source="period.year")
    agency_name = serializers.CharField(source="agency.name")
    members = serializers.IntegerField(read_only=True, default=0, help_text=_("SKP yang RHK-nya tertaut."))

    class Meta:
        model = TeamGoal
        fields = [
            "id",
            "period",
            "period_year",
            "agency",
            "agency_name",
            "title",
            "aspect",
            "target",
            "unit_label",
            "realised",
            "achievement",
            "evidence_url",
            "members",
            "created_at",
        ]


class TeamGoalListCreateApi(generics.ListAPIView):
    """`GET team-goals/` (the caller's agency, or all for region readers); `POST` sets a new one."""

    serializer_class = TeamGoalDetailOutput
    filter_backends: list = []
    may_act = staticmethod(permissions.may_set_some_team_goals)

    class Input(serializers.Serializer):
        period = serializers.IntegerField()
        agency = serializers.IntegerField()
        title = serializers.CharField(max_length=300)
        aspect = serializers.ChoiceField(choices=Aspect.choices, default=Aspect.QUANTITY)
        target = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
        unit_label = serializers.CharField(max_length=60)

        class Meta:
            ref_name = "TeamGoalCreateInput"

    def get_queryset(self):
        return team_goals.team_goal_list(viewer=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("period", OpenApiTypes.INT),
            OpenApiParameter("agency", OpenApiTypes.INT),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=Input, responses={201: TeamGoalDetailOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        period = AppraisalPeriod.objects.filter(pk=data["period"], is_open=True).first()
        agency = Agency.objects.filter(pk=data["agency"]).first()
        errors = {}
        if period is None:
            errors["period"] = [_("Periode SKP yang terbuka tidak ditemukan.")]
        if agency is None:
            errors["agency"] = [_("Perangkat daerah tidak ditemukan.")]
        elif period is not None and agency.region_id != period.region_id:
            errors["agency"] = [_("Perangkat daerah tidak berada di daerah periode ini.")]
        if errors:
            raise serializers.ValidationError(errors)
        goal = services.team_goal_create(
            period=period,
            agency=agency,
            actor=request.user,
            title=data["title"],
            target=data["target"],
            unit_label=data["unit_label"],
            aspect=data["aspect"],
        )
        return Response(
            TeamGoalDetailOutput(team_goals.team_goal_get(viewer=request.user, pk=goal.pk)).data, status=201
        )


class TeamGoalDetailApi(APIView):
    @extend_schema(responses=TeamGoalDetailOutput)
    def get(self, request, pk: int):
        return Response(TeamGoalDetailOutput(team_goals.team_goal_get(viewer=request.user, pk=pk)).data)


class TeamGoalRealiseApi(APIView):
    """The team's realisation; it counts as the achievement of every member's linked RHK."""

    acts_on = ActsOn(team_goals.team_goal_get, services.team_goal_realise_check)

    class Input(serializers.Serializer):
        realised = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"))
        evidence_url = serializers.URLField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "TeamGoalRealiseInput"

    @extend_schema(request=Input, responses=TeamGoalDetailOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.team_goal_realise(goal=self.target, actor=request.user, **data)
        return Response(TeamGoalDetailOutput(team_goals.team_goal_get(viewer=request.user, pk=pk)).data)

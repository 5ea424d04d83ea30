"""Key posts and succession plans under /api/v1/talenta/ (succession readers; HR computes and confirms)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.types import Actor
from talenta import permissions
from talenta.models import KeyPost, SuccessionCandidate, SuccessionPlan
from talenta.selectors import succession as selectors
from talenta.services.succession import succession_plan_compute, succession_plan_confirm
from workload.api import Pagination
from workload.selectors import viewer_region


class KeyPostOutput(serializers.ModelSerializer):
    position_title = serializers.CharField(source="position.title", read_only=True)
    agency = serializers.IntegerField(source="position.agency_id", read_only=True)
    agency_name = serializers.CharField(source="position.agency.name", read_only=True)

    class Meta:
        model = KeyPost
        fields = ["id", "position", "position_title", "agency", "agency_name", "source", "note"]


class CandidateOutput(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip", read_only=True)
    name = serializers.CharField(source="employee.full_name", read_only=True)

    class Meta:
        model = SuccessionCandidate
        fields = ["employee", "nip", "name", "rank", "role", "score", "gap", "box", "parts"]


class SuccessionPlanOutput(serializers.ModelSerializer):
    candidates = CandidateOutput(many=True, read_only=True, source="candidate_rows")

    class Meta:
        model = SuccessionPlan
        fields = [
            "id", "key_post", "grid", "as_of", "status", "rubric", "main_candidate", "confirmed_by", "confirmed_at",
            "confirm_reason", "overrides_ranking", "candidates",
        ]  # fmt: skip


def _plan(plan_id: int, viewer: Actor) -> SuccessionPlan:
    plan = selectors.plan_get(viewer=viewer, plan_id=plan_id)
    plan.candidate_rows = list(selectors.plan_candidates(plan=plan))
    return plan


class KeyPostListApi(generics.ListAPIView):
    queryset = KeyPost.objects.none()
    serializer_class = KeyPostOutput
    pagination_class = Pagination

    def get_queryset(self):
        return selectors.key_post_list(
            viewer=self.request.user, region_id=viewer_region(viewer=self.request.user).pk
        )


class KeyPostPlanCreateApi(APIView):
    """Rank the key post's talent pool from the latest finished grid (HR); 201 with the plan."""

    @extend_schema(request=None, responses={201: SuccessionPlanOutput})
    def post(self, request, pk: int):
        key_post = selectors.key_post_get(viewer=request.user, key_post_id=pk)
        plan = succession_plan_compute(actor=request.user, key_post=key_post)
        return Response(
            SuccessionPlanOutput(_plan(plan.pk, request.user)).data, status=status.HTTP_201_CREATED
        )


class PlanDetailApi(APIView):
    @extend_schema(responses=SuccessionPlanOutput)
    def get(self, request, pk: int):
        return Response(SuccessionPlanOutput(_plan(pk, request.user)).data)


class PlanConfirmApi(APIView):
    """HR confirms the main candidate or names another from the pool; a written reason is required."""

    may_act = staticmethod(permissions.may_manage_succession)

    class Input(serializers.Serializer):
        main_candidate = serializers.IntegerField()
        reason = serializers.CharField(max_length=2000)

        class Meta:
            ref_name = "SuccessionConfirmInput"

    @extend_schema(request=Input, responses=SuccessionPlanOutput)
    def post(self, request, pk: int):
        plan = selectors.plan_get(viewer=request.user, plan_id=pk)
        data = validated(self.Input, request.data)
        succession_plan_confirm(
            actor=request.user,
            plan_id=plan.pk,
            main_candidate_id=data["main_candidate"],
            reason=data["reason"],
        )
        return Response(SuccessionPlanOutput(_plan(pk, request.user)).data)

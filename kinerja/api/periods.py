"""Period API for HR: open a period, create SKP drafts in bulk and follow the batch, set the
organisational performance ratings, finalise a set of SKP."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from instansi.models import Agency, Region, Unit
from kinerja import permissions, selectors, services
from kinerja.api import name_input_components
from kinerja.choices import OrgRating
from kinerja.models import AppraisalBatch, AppraisalPeriod, OrganisationPerformance


class PeriodOutput(serializers.ModelSerializer):
    class Meta:
        model = AppraisalPeriod
        fields = ["id", "region", "year", "start", "end", "quarterly_checkins", "is_open"]


class AppraisalPeriodListApi(generics.ListAPIView):
    may_act = staticmethod(permissions.may_manage_periods)

    serializer_class = PeriodOutput

    def get_queryset(self):
        return selectors.period_list(viewer=self.request.user)

    class Input(serializers.Serializer):
        region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        quarterly_checkins = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=Input, responses={201: PeriodOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        period = services.period_open(actor=request.user, **data)
        return Response(PeriodOutput(period).data, status=status.HTTP_201_CREATED)


class BatchOutput(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = AppraisalBatch
        fields = [
            "id",
            "period",
            "agencies",
            "status",
            "total",
            "done",
            "created",
            "skipped",
            "progress_percent",
            "error",
        ]


class AppraisalBatchCreateApi(APIView):
    may_act = staticmethod(permissions.may_manage_periods)

    class Input(serializers.Serializer):
        agencies = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), many=True)

    @extend_schema(request=Input, responses={202: BatchOutput})
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        period = selectors.period_get(viewer=request.user, pk=pk)
        batch = services.appraisal_batch_start(period=period, agencies=data["agencies"], actor=request.user)
        batch.refresh_from_db()
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


class AppraisalBatchDetailApi(APIView):
    @extend_schema(responses=BatchOutput)
    def get(self, request, pk: int):
        return Response(BatchOutput(selectors.batch_get(viewer=request.user, pk=pk)).data)


class AppraisalSetFinaliseApi(APIView):
    may_act = staticmethod(permissions.may_manage_periods)

    class Input(serializers.Serializer):
        agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
        unit = serializers.PrimaryKeyRelatedField(
            queryset=Unit.objects.all(), required=False, allow_null=True
        )

    @extend_schema(
        request=Input,
        responses=inline_serializer(
            "SetFinaliseOutput", {"finalised": serializers.ListField(child=serializers.IntegerField())}
        ),
    )
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        period = selectors.period_get(viewer=request.user, pk=pk)
        rows = services.appraisal_set_finalise(period=period, actor=request.user, **data)
        return Response({"finalised": [a.pk for a in rows]})


class OrgPerformanceOutput(serializers.ModelSerializer):
    class Meta:
        model = OrganisationPerformance
        fields = ["id", "period", "agency", "unit", "rating", "note"]


class OrganisationPerformanceListApi(generics.ListAPIView):
    may_act = staticmethod(permissions.may_manage_periods)

    serializer_class = OrgPerformanceOutput

    def get_queryset(self):
        return selectors.org_performance_list(viewer=self.request.user)

    class Input(serializers.Serializer):
        period = serializers.PrimaryKeyRelatedField(queryset=AppraisalPeriod.objects.all())
        agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
        unit = serializers.PrimaryKeyRelatedField(
            queryset=Unit.objects.all(), required=False, allow_null=True
        )
        rating = serializers.ChoiceField(choices=OrgRating.choices)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses={201: OrgPerformanceOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        op = services.organisation_performance_set(actor=request.user, **data)
        return Response(OrgPerformanceOutput(op).data, status=status.HTTP_201_CREATED)


name_input_components(globals())

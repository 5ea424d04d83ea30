"""SKP API: list and draft, one SKP, its RHK and indicators, and each workflow action as
`POST appraisals/{id}/<action>/`."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import access
from core.api import validated
from core.api_permissions import ActsOn
from core.exceptions import DomainError
from core.types import Actor
from instansi.models import Employee
from kinerja import selectors, services
from kinerja.api import name_input_components
from kinerja.api.serializers import AppraisalDetailOutput, AppraisalListOutput, IndicatorOutput
from kinerja.choices import Aspect, PlanKind, Rating
from kinerja.filters import AppraisalFilter
from kinerja.models import AppraisalPeriod, ResultPlan, TeamGoal


def detail_response(request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    appraisal = selectors.appraisal_detail(viewer=request.user, pk=pk)
    return Response(AppraisalDetailOutput(appraisal).data, status=code)


def on_skp(action: str, *, load=selectors.appraisal_get, skp=None) -> ActsOn:
    """The object of the URL as the caller sees it (404 otherwise) and the rule of the SKP transition
    `action` on its SKP (`services.appraisal_check`: 403 never, 409 not now), asked before the input
    is read. `skp` finds the SKP of a loaded RHK or indicator."""

    def check(obj, actor: Actor) -> None:
        services.appraisal_check(skp(obj) if skp else obj, action, actor)

    return ActsOn(load, check)


# --- Appraisals ------------------------------------------------------------------------------------


class AppraisalListApi(generics.ListAPIView):
    """SKP visible to the caller (own, appraisees, own agency for its head, all for HR/auditor)."""

    serializer_class = AppraisalListOutput
    filterset_class = AppraisalFilter

    def get_queryset(self):
        return selectors.appraisal_list(viewer=self.request.user)

    class Input(serializers.Serializer):
        period = serializers.PrimaryKeyRelatedField(queryset=AppraisalPeriod.objects.all())
        employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False)

    @extend_schema(request=Input, responses={201: AppraisalDetailOutput})
    def post(self, request):
        """Draft an SKP: the employee for themself (default), or HR for anyone."""
        data = validated(self.Input, request.data)
        employee = data.get("employee") or access.employee_of(request.user)
        if employee is None:
            raise DomainError(_("Akun ini tidak terhubung dengan data pegawai."), field="employee")
        appraisal = services.appraisal_create(period=data["period"], employee=employee, actor=request.user)
        return detail_response(request, appraisal.pk, status.HTTP_201_CREATED)


class AppraisalDetailApi(APIView):
    @extend_schema(responses=AppraisalDetailOutput)
    def get(self, request, pk: int):
        return detail_response(request, pk)


class ResultPlanCreateApi(APIView):
    acts_on = on_skp("edit_plan")

    class IndicatorInput(serializers.Serializer):
        aspect = serializers.ChoiceField(choices=Aspect.choices)
        description = serializers.CharField(max_length=300)
        target = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
        unit_label = serializers.CharField(max_length=60)

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=PlanKind.choices, default=PlanKind.MAIN)
        description = serializers.CharField()
        parent = serializers.PrimaryKeyRelatedField(
            queryset=ResultPlan.objects.all(), required=False, allow_null=True
        )
        team_goal = serializers.PrimaryKeyRelatedField(
            queryset=TeamGoal.objects.all(), required=False, allow_null=True
        )
        indicators = serializers.ListField(child=serializers.DictField(), required=False, default=list)

        def validate_indicators(self, value):
            items = []
            for item in value:
                serializer = ResultPlanCreateApi.IndicatorInput(data=item)
                serializer.is_valid(raise_exception=True)
                items.append(serializer.validated_data)
            return items

    @extend_schema(request=Input, responses={201: AppraisalDetailOutput})
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.result_plan_add(appraisal=self.target, actor=request.user, **data)
        return detail_response(request, pk, status.HTTP_201_CREATED)


class ResultPlanDeleteApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        plan = selectors.result_plan_get(viewer=request.user, pk=pk)
        services.result_plan_delete(plan=plan, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IndicatorRealiseApi(APIView):
    acts_on = on_skp(
        "record_realisation", load=selectors.indicator_get, skp=lambda i: i.result_plan.appraisal
    )

    class Input(serializers.Serializer):
        realised = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
        evidence_url = serializers.URLField(required=False, allow_blank=True, default="")
        evidence_file = serializers.FileField(required=False, allow_null=True, default=None)

    @extend_schema(request=Input, responses=IndicatorOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        indicator = services.indicator_realise(indicator=self.target, actor=request.user, **data)
        return Response(IndicatorOutput(indicator).data)


class _ActionApi(APIView):
    """POST appraisals/{id}/<action>/ with no body beyond an optional note; `acts_on` names the SKP
    transition each action takes."""

    service = None

    class Input(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="")

    def call(self, appraisal, data):
        return type(self).service(appraisal=appraisal, actor=self.request.user)

    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        self.call(self.target, data)
        return detail_response(request, pk)


@extend_schema(request=_ActionApi.Input, responses=AppraisalDetailOutput)
class AppraisalSubmitApi(_ActionApi):
    acts_on = on_skp("submit")
    service = staticmethod(services.appraisal_submit)


@extend_schema(request=_ActionApi.Input, responses=AppraisalDetailOutput)
class AppraisalAgreeApi(_ActionApi):
    acts_on = on_skp("agree")

    def call(self, appraisal, data):
        return services.appraisal_agree(appraisal=appraisal, actor=self.request.user, note=data["note"])


class AppraisalReturnApi(_ActionApi):
    acts_on = on_skp("return_to_employee")

    class Input(serializers.Serializer):
        note = serializers.CharField()

    @extend_schema(request=Input, responses=AppraisalDetailOutput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, appraisal, data):
        return services.appraisal_return(appraisal=appraisal, actor=self.request.user, note=data["note"])


class AppraisalFeedbackApi(_ActionApi):
    acts_on = on_skp("give_feedback")

    class Input(serializers.Serializer):
        note = serializers.CharField()
        date = serializers.DateField(required=False, allow_null=True, default=None)
        quarter = serializers.IntegerField(
            required=False, allow_null=True, default=None, min_value=1, max_value=4
        )

    @extend_schema(request=Input, responses=AppraisalDetailOutput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, appraisal, data):
        return services.feedback_add(appraisal=appraisal, actor=self.request.user, **data)


class AppraisalRateApi(_ActionApi):
    acts_on = on_skp("rate")

    class BehaviourInput(serializers.Serializer):
        rating = serializers.ChoiceField(choices=Rating.choices)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    class Input(serializers.Serializer):
        results_rating = serializers.ChoiceField(
            choices=Rating.choices, required=False, allow_blank=True, default=""
        )
        behaviour_rating = serializers.ChoiceField(choices=Rating.choices)
        results_justification = serializers.CharField(required=False, allow_blank=True, default="")
        behaviours = serializers.DictField(required=False, default=dict, child=serializers.DictField())

        def validate_behaviours(self, value):
            cleaned = {}
            for key, item in value.items():
                serializer = AppraisalRateApi.BehaviourInput(data=item)
                serializer.is_valid(raise_exception=True)
                cleaned[key] = serializer.validated_data
            return cleaned

    @extend_schema(request=Input, responses=AppraisalDetailOutput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, appraisal, data):
        return services.appraisal_rate(appraisal=appraisal, actor=self.request.user, **data)


@extend_schema(request=_ActionApi.Input, responses=AppraisalDetailOutput)
class AppraisalAcknowledgeApi(_ActionApi):
    acts_on = on_skp("acknowledge")
    service = staticmethod(services.appraisal_acknowledge)


class AppraisalObjectApi(_ActionApi):
    acts_on = on_skp("object_to")

    class Input(serializers.Serializer):
        reason = serializers.CharField()

    @extend_schema(request=Input, responses=AppraisalDetailOutput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, appraisal, data):
        return services.appraisal_object(appraisal=appraisal, actor=self.request.user, reason=data["reason"])


@extend_schema(request=_ActionApi.Input, responses=AppraisalDetailOutput)
class AppraisalFinaliseApi(_ActionApi):
    acts_on = on_skp("finalise")
    service = staticmethod(services.appraisal_finalise)


name_input_components(globals())

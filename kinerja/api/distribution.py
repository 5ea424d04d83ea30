"""Predicate distribution of an agency (the counts per predicate and the broken distribution rules)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.exceptions import DomainError
from kinerja import permissions, selectors
from kinerja.api import name_input_components


class DistributionApi(APIView):
    class Input(serializers.Serializer):
        agency = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        period = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "agency",
                int,
                description="Perangkat daerah. Wajib bagi pembaca seluruh daerah yang tidak memimpin "
                "perangkat daerah (BKPSDM, auditor, kepala daerah); kepala perangkat daerah tanpa "
                "parameter ini mendapat perangkat daerahnya sendiri.",
            ),
            OpenApiParameter("period", int),
        ],
        responses=inline_serializer(
            "PredicateDistribution",
            {
                "agency": serializers.IntegerField(),
                "period": serializers.IntegerField(allow_null=True),
                "total": serializers.IntegerField(),
                "counts": serializers.DictField(child=serializers.IntegerField()),
                "violations": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    def get(self, request):
        data = validated(self.Input, request.query_params)
        agency_id = data.get("agency")
        if agency_id is None and permissions.must_choose_distribution_agency(request.user):
            # HR, the auditor and the regional head may read any agency but have none of their own
            # to default to: the request is incomplete (400 naming the parameter), not forbidden.
            # An agency head, Sekda included, still gets the own agency without the parameter;
            # anyone else gets the selector's 403.
            raise DomainError(
                _("Pilih perangkat daerah: isi parameter agency dengan nomor perangkat daerah."),
                field="agency",
            )
        result = selectors.agency_distribution(
            viewer=request.user, agency_id=agency_id, period_id=data.get("period")
        )
        return Response(
            {
                "agency": result["agency"].pk,
                "period": result["period"].pk if result["period"] else None,
                "total": result["total"],
                "counts": {str(k): v for k, v in result["counts"].items()},
                "violations": [v.message for v in result["violations"]],
            }
        )


name_input_components(globals())

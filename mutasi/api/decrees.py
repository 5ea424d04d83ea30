"""REST API of transfer decrees (SK mutasi): the list the caller may see, issuing one for approved
requests (HR), one decree and its PDF. Selectors decide access, services write."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from instansi.models import Employee
from mutasi import files, permissions, selectors, services
from mutasi.models import Decree


class DecreeOutput(serializers.ModelSerializer):
    requests = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Decree
        fields = [
            "id",
            "number",
            "year",
            "seq",
            "date",
            "tmt",
            "signer",
            "signer_name",
            "signer_title",
            "on_behalf",
            "pdf_sha256",
            "pdf_url",
            "status",
            "signed_sha256",
            "signed_at",
            "cancel_reason",
            "requests",
            "created_at",
        ]

    def get_pdf_url(self, obj) -> str | None:
        return reverse("api-mutasi-decree-pdf", args=[obj.pk]) if obj.pdf else None


class DecreeListCreateApi(generics.ListAPIView):
    serializer_class = DecreeOutput
    filter_backends: list = []
    may_act = staticmethod(permissions.may_issue_decrees)

    class Input(serializers.Serializer):
        requests = serializers.ListField(child=serializers.IntegerField(), min_length=1)
        date = serializers.DateField()
        tmt = serializers.DateField()
        signer = serializers.IntegerField(help_text=_("Id pegawai penandatangan."))
        note = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "DecreeListCreateInput"

    def get_queryset(self):
        return selectors.decree_list(viewer=self.request.user).prefetch_related("requests")

    @extend_schema(request=Input, responses={201: DecreeOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        signer = Employee.objects.select_related("position").filter(pk=data["signer"]).first()
        if signer is None:
            raise serializers.ValidationError({"signer": [_("Pegawai tidak ditemukan.")]})
        decree = services.decree_issue(
            actor=request.user,
            request_ids=data["requests"],
            date=data["date"],
            tmt=data["tmt"],
            signer=signer,
            note=data["note"],
        )
        decree.refresh_from_db()
        return Response(DecreeOutput(decree).data, status=201)


class DecreeDetailApi(APIView):
    @extend_schema(responses=DecreeOutput)
    def get(self, request, pk: int):
        return Response(DecreeOutput(selectors.decree_get(viewer=request.user, pk=pk)).data)


class DecreePdfApi(APIView):
    """The decree PDF for those concerned (HR, the employees in it, heads of origin/destination)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        return files.decree_pdf_response(selectors.decree_get(viewer=request.user, pk=pk))

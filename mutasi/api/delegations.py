"""REST API of delegations (Plh/Plt): the ones the caller may see, giving a post's decisions to an
acting official for a period, and ending one early. Selectors decide access, services write."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from instansi.models import Position
from mutasi import permissions, selectors, services
from mutasi.api.serializers import person_name
from mutasi.choices import DelegationKind
from mutasi.models import Delegation

User = get_user_model()


class DelegationOutput(serializers.ModelSerializer):
    position_title = serializers.CharField(source="position.title")
    delegate_name = serializers.SerializerMethodField()

    class Meta:
        model = Delegation
        fields = [
            "id",
            "position",
            "position_title",
            "delegate",
            "delegate_name",
            "kind",
            "start",
            "end",
            "reason",
            "letter_number",
            "revoked_at",
        ]

    def get_delegate_name(self, obj) -> str:
        return person_name(obj.delegate) or ""


class DelegationListCreateApi(generics.ListAPIView):
    serializer_class = DelegationOutput
    filter_backends: list = []
    may_act = staticmethod(permissions.may_name_delegates)

    class Input(serializers.Serializer):
        position = serializers.IntegerField()
        delegate = serializers.IntegerField(help_text=_("Id akun pelaksana."))
        kind = serializers.ChoiceField(choices=DelegationKind.choices, default=DelegationKind.PLH)
        start = serializers.DateField()
        end = serializers.DateField()
        reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
        letter_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)

        class Meta:
            ref_name = "DelegationListCreateInput"

    def get_queryset(self):
        return selectors.delegation_list(viewer=self.request.user)

    @extend_schema(request=Input, responses={201: DelegationOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        position = Position.objects.filter(pk=data["position"]).first()
        delegate = User.objects.filter(pk=data["delegate"], is_active=True).first()
        errors = {}
        if position is None:
            errors["position"] = [_("Jabatan tidak ditemukan.")]
        if delegate is None:
            errors["delegate"] = [_("Akun tidak ditemukan.")]
        if errors:
            raise serializers.ValidationError(errors)
        delegation = services.delegation_create(
            actor=request.user,
            position=position,
            delegate=delegate,
            start=data["start"],
            end=data["end"],
            kind=data["kind"],
            reason=data["reason"],
            letter_number=data["letter_number"],
        )
        return Response(DelegationOutput(delegation).data, status=201)


class DelegationEndApi(APIView):
    """End a delegation early: HR, or the holder of the post it was given for."""

    @extend_schema(request=None, responses=DelegationOutput)
    def post(self, request, pk: int):
        delegation = selectors.delegation_get(viewer=request.user, pk=pk)
        delegation = services.delegation_revoke(delegation_id=delegation.pk, actor=request.user)
        return Response(DelegationOutput(delegation).data)

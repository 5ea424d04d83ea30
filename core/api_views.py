import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core import audit_trail, permissions
from core.api import validated
from core.audit_labels import action_label, state_label
from core.authentication import issue_token
from core.first_login import API_REFUSAL
from core.models import AuditEvent


class TokenApi(APIView):
    """`POST /api/v1/auth/token/` with username and password -> `{"token": ...}`."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class Input(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    @extend_schema(
        request=Input,
        responses={
            200: inline_serializer(
                "TokenOutput", {"token": serializers.CharField(), "expires": serializers.DateTimeField()}
            )
        },
    )
    def post(self, request):
        data = validated(self.Input, request.data)
        user = authenticate(request=request._request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Nama pengguna atau kata sandi salah, atau akun terkunci.")]}
            )
        if user.must_change_password:  # an initial password: no token until its owner changes it
            raise PermissionDenied(API_REFUSAL)
        # A new token at every login: the old one, wherever it was kept, stops working.
        token = issue_token(user)
        return Response(
            {
                "token": token.key,
                "expires": token.created + dt.timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS),
            }
        )


class LogoutApi(APIView):
    """`POST /api/v1/auth/logout/`: the caller's token stops working at once (204)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=204)


class AuditEventOutput(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()
    on_behalf_of_name = serializers.SerializerMethodField()
    action_label = serializers.SerializerMethodField()
    from_label = serializers.SerializerMethodField()
    to_label = serializers.SerializerMethodField()
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_name",
            "on_behalf_of",
            "on_behalf_of_name",
            "action",
            "action_label",
            "target_type",
            "target_id",
            "target_repr",
            "from_state",
            "from_label",
            "to_state",
            "to_label",
            "note",
            "flagged",
        ]

    def get_actor_name(self, event) -> str:
        return audit_trail.person(event.actor)

    def get_on_behalf_of_name(self, event) -> str | None:
        return audit_trail.person(event.on_behalf_of) if event.on_behalf_of_id else None

    def get_action_label(self, event) -> str:
        return action_label(event.action)

    def get_from_label(self, event) -> str:
        return state_label(event.from_state)

    def get_to_label(self, event) -> str:
        return state_label(event.to_state)

    def get_target_type(self, event) -> str | None:
        return event.target_type.model if event.target_type_id else None


class AuditEventListApi(generics.ListAPIView):
    """`GET /api/v1/audit-events/`: the region's audit trail (auditor, HR, regional head), newest first,
    with the page's filters; read-only."""

    serializer_class = AuditEventOutput
    filter_backends: list = []

    class Input(serializers.Serializer):
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)
        actor = serializers.CharField(required=False, max_length=150)
        action = serializers.CharField(required=False, max_length=64)
        agency = serializers.IntegerField(required=False, min_value=1)
        object = serializers.CharField(required=False, max_length=255)
        flagged = serializers.BooleanField(required=False)
        q = serializers.CharField(required=False, max_length=255)

    @extend_schema(parameters=[Input])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        permissions.require_audit_reader(self.request.user)  # before the input is read
        data = validated(self.Input, self.request.query_params)
        return audit_trail.audit_trail(viewer=self.request.user, filters=audit_trail.AuditFilters(**data))

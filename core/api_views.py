import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.authentication import issue_token


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

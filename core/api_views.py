from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated


class TokenApi(APIView):
    """`POST /api/v1/auth/token/` with username and password -> `{"token": ...}`."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class Input(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    @extend_schema(
        request=Input, responses={200: inline_serializer("TokenOutput", {"token": serializers.CharField()})}
    )
    def post(self, request):
        data = validated(self.Input, request.data)
        user = authenticate(request=request._request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Nama pengguna atau kata sandi salah, atau akun terkunci.")]}
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

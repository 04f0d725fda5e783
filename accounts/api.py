"""POST /api/auth/token/ and /api/auth/token/refresh/."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenRefreshView

from accounts.identity import NoGymAccount, identity_for
from accounts.models import normalize_email
from accounts.throttle import client_ip, login_allowed
from accounts.tokens import tokens_for
from gymintel.errors import ErrorSerializer

_TokenPair = inline_serializer(
    "TokenPair", {"access": serializers.CharField(), "refresh": serializers.CharField()}
)


class LoginApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    # Named: "Input" repeats across apps and would collide in the OpenAPI components.
    @extend_schema_serializer(component_name="Login")
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=254)
        password = serializers.CharField(max_length=256, trim_whitespace=False)

    @extend_schema(
        operation_id="auth_login",
        request=InputSerializer,
        responses={
            200: _TokenPair,
            400: OpenApiResponse(ErrorSerializer, "Malformed request"),
            401: OpenApiResponse(ErrorSerializer, "Bad credentials"),
            429: OpenApiResponse(ErrorSerializer, "Too many attempts"),
        },
        auth=[],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email = normalize_email(data.validated_data["email"])
        if not login_allowed(email=email, ip=client_ip(request)):
            # The counters are fixed windows: one window is the longest wait.
            return Response(
                {"detail": "Too many login attempts; wait a few minutes and try again."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(settings.LOGIN_THROTTLE_WINDOW)},
            )
        user = authenticate(request, email=email, password=data.validated_data["password"])
        if user is None:
            return Response(
                {"detail": "Email or password is incorrect."}, status=status.HTTP_401_UNAUTHORIZED
            )
        try:
            refresh = tokens_for(user, identity_for(user.pk))
        except NoGymAccount:
            return Response(
                {"detail": "This account belongs to no gym."}, status=status.HTTP_401_UNAUTHORIZED
            )
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class TokenRefreshApi(TokenRefreshView):
    """Rotates the refresh token; the used one is blacklisted."""

    @extend_schema(
        operation_id="auth_refresh",
        responses={
            200: _TokenPair,
            400: OpenApiResponse(ErrorSerializer, "No refresh token in the body"),
            401: OpenApiResponse(ErrorSerializer, "Invalid, expired or already used refresh token"),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

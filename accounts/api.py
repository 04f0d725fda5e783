"""POST /api/auth/token/ and /api/auth/token/refresh/."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.signin import SignInRefused, rotate_refresh, sign_in
from gymintel.errors import ErrorSerializer

_TokenPair = inline_serializer(
    "TokenPair", {"access": serializers.CharField(), "refresh": serializers.CharField()}
)


def refusal_response(refused: SignInRefused) -> Response:
    """A refused sign-in as an answer: its status, its detail, its Retry-After."""
    return Response({"detail": refused.detail}, status=refused.status, headers=refused.headers)


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
        try:
            tokens = sign_in(request, **data.validated_data)
        except SignInRefused as refused:
            return refusal_response(refused)
        return Response(tokens)


class TokenRefreshApi(APIView):
    """Rotates the refresh token (accounts.signin.rotate_refresh): the used one is spent,
    and presenting it again ends the whole login."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get_authenticate_header(self, request) -> str:
        # Without one, DRF turns the 401 of a refused token into a 403.
        return 'Bearer realm="api"'

    @extend_schema_serializer(component_name="TokenRefresh")
    class InputSerializer(serializers.Serializer):
        refresh = serializers.CharField()

    @extend_schema(
        request=InputSerializer,
        operation_id="auth_refresh",
        responses={
            200: _TokenPair,
            400: OpenApiResponse(ErrorSerializer, "No refresh token in the body"),
            401: OpenApiResponse(ErrorSerializer, "Invalid, expired or already used refresh token"),
        },
        auth=[],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(rotate_refresh(data.validated_data["refresh"]))

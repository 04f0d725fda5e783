"""The member app's sign-in: the access token in the answer body (the app keeps it in
memory), the refresh token in an HttpOnly cookie no script can read.

POST /api/auth/app/login/    {"email","password"} -> {"access"} + the refresh cookie
POST /api/auth/app/refresh/  (the cookie)         -> {"access"} + a rotated cookie
POST /api/auth/app/logout/   (the cookie)         -> 204, the login ended, the cookie cleared

The sign-in and rotation rules are accounts.signin's; these views only move the refresh
token between the answer and the cookie. Cross-site request forgery is refused by
accounts.app_cookie.check_same_origin on every one of them (the cookie authenticates two of
them, and login CSRF would sign a member into someone else's account).
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import LoginApi, refusal_response
from accounts.app_cookie import (
    check_same_origin,
    clear_refresh_cookie,
    read_refresh_cookie,
    set_refresh_cookie,
)
from accounts.signin import SignInRefused, rotate_refresh, sign_in, sign_out
from gymintel.errors import ErrorSerializer

_Access = inline_serializer("AppAccess", {"access": serializers.CharField()})
_FORGED = OpenApiResponse(
    ErrorSerializer, "Not sent by the app from this origin (missing X-Requested-With or Origin)"
)


class _AppAuthView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, request.method.lower(), None) is not None:  # else 405 follows
            check_same_origin(request)

    def get_authenticate_header(self, request) -> str:
        # Without one, DRF turns a 401 into a 403.
        return 'Cookie realm="app"'


class AppLoginApi(_AppAuthView):
    InputSerializer = LoginApi.InputSerializer  # the same credentials as the JSON login

    @extend_schema(
        operation_id="auth_app_login",
        request=InputSerializer,
        responses={
            200: _Access,
            400: OpenApiResponse(ErrorSerializer, "Malformed request"),
            401: OpenApiResponse(ErrorSerializer, "Bad credentials"),
            403: _FORGED,
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
        response = Response({"access": tokens["access"]})
        set_refresh_cookie(response, tokens["refresh"])
        return response


class AppRefreshApi(_AppAuthView):
    """Reads the refresh cookie, rotates it (the used token is spent)."""

    @extend_schema(
        operation_id="auth_app_refresh",
        request=None,
        responses={
            200: _Access,
            204: OpenApiResponse(None, "No refresh cookie: not signed in"),
            401: OpenApiResponse(ErrorSerializer, "Expired, revoked or used (cookie cleared)"),
            403: _FORGED,
        },
        auth=[],
    )
    def post(self, request):
        raw = read_refresh_cookie(request)
        if raw is None:
            # Not signed in is the normal state of a first visit, not an error.
            return Response(status=204)
        try:
            tokens = rotate_refresh(raw)
        except AuthenticationFailed as refused:
            # Expired, revoked or already used: drop it, so the next visit asks no more.
            response = self.handle_exception(refused)
            clear_refresh_cookie(response)
            return response
        response = Response({"access": tokens["access"]})
        set_refresh_cookie(response, tokens["refresh"])
        return response


class AppLogoutApi(_AppAuthView):
    @extend_schema(
        operation_id="auth_app_logout", request=None, responses={204: None, 403: _FORGED}, auth=[]
    )
    def post(self, request):
        sign_out(read_refresh_cookie(request))
        response = Response(status=204)
        clear_refresh_cookie(response)
        return response

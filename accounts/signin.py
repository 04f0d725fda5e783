"""Signing in to the API and renewing its tokens: one home for both, whichever view
carries the credentials (the JSON endpoints, or the member app's cookie endpoints).

The views translate the errors below into answers; the rules (throttle, password,
"belongs to a gym", rotation) live only here.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer

from accounts.identity import NoGymAccount, identity_for
from accounts.models import normalize_email
from accounts.throttle import client_ip, login_allowed
from accounts.tokens import tokens_for

THROTTLED = "Too many login attempts; wait a few minutes and try again."
BAD_CREDENTIALS = "Email or password is incorrect."
NO_GYM = "This account belongs to no gym."


class SignInRefused(Exception):
    """A sign-in that does not get tokens; `status` is the HTTP status to answer."""

    def __init__(self, detail: str, *, status: int) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


def sign_in(request: HttpRequest, *, email: str, password: str) -> dict[str, str]:
    """`{"access", "refresh"}` for good credentials; SignInRefused (429 or 401) otherwise."""
    email = normalize_email(email)
    if not login_allowed(email=email, ip=client_ip(request)):
        raise SignInRefused(THROTTLED, status=429)
    user = authenticate(request, email=email, password=password)
    if user is None:
        raise SignInRefused(BAD_CREDENTIALS, status=401)
    try:
        refresh = tokens_for(user, identity_for(user.pk))
    except NoGymAccount:
        raise SignInRefused(NO_GYM, status=401) from None
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def rotate_refresh(raw: str) -> dict[str, str]:
    """`{"access", "refresh"}` for a valid refresh token, which is used up (blacklisted).

    Raises simplejwt's InvalidToken / AuthenticationFailed (both 401) otherwise.
    """
    serializer = TokenRefreshSerializer(data={"refresh": raw})
    try:
        serializer.is_valid(raise_exception=True)
    except TokenError as exc:
        raise InvalidToken(exc.args[0]) from exc
    return serializer.validated_data

"""Signing in to the API and renewing its tokens: one home for both, whichever view
carries the credentials (the JSON endpoints, or the member app's cookie endpoints).

The views translate the errors below into answers; the rules (throttle, password,
"belongs to a gym", rotation, revocation) live only here.

A sign-in starts a TokenFamily. Each refresh re-reads the user (token_version, still
active, still of a gym) and re-derives the claims, so a refreshed access token carries
today's role; a password change, a role change or a deactivation ends the family. An
old refresh token presented again ends its family too: someone holds a copy.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings

from accounts.identity import NoGymAccount, identity_for
from accounts.models import TokenFamily, normalize_email
from accounts.throttle import client_ip, login_attempt, login_succeeded
from accounts.tokens import FAMILY_CLAIM, FamilyRefreshToken, tokens_for

THROTTLED = "Too many login attempts; wait a few minutes and try again."
BAD_CREDENTIALS = "Email or password is incorrect."
NO_GYM = "This account belongs to no gym."
SIGN_IN_AGAIN = "This login has ended; sign in again."
REUSED = "This refresh token was already used; the login has ended. Sign in again."


class SignInRefused(Exception):
    """A sign-in that does not get tokens; `status` is the HTTP status to answer and
    `headers` the headers to send with it (Retry-After on a 429)."""

    def __init__(self, detail: str, *, status: int, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.headers = headers or {}


def sign_in(request: HttpRequest, *, email: str, password: str) -> dict[str, str]:
    """`{"access", "refresh"}` for good credentials; SignInRefused (429 or 401) otherwise."""
    email, ip = normalize_email(email), client_ip(request)
    verdict = login_attempt(email=email, ip=ip)
    if not verdict.allowed:
        raise SignInRefused(THROTTLED, status=429, headers=verdict.headers)
    user = authenticate(request, email=email, password=password)
    if user is None:
        raise SignInRefused(BAD_CREDENTIALS, status=401)
    login_succeeded(email=email, ip=ip, verdict=verdict)
    try:
        identity = identity_for(user.pk)
    except NoGymAccount:
        raise SignInRefused(NO_GYM, status=401) from None
    family = TokenFamily(user=user, token_version=user.token_version)
    refresh = tokens_for(
        user, identity, family_id=str(family.pk), lifetime=_lifetime(family.started_at)
    )
    family.current_jti = refresh[api_settings.JTI_CLAIM]
    family.save(force_insert=True)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def rotate_refresh(raw: str) -> dict[str, str]:
    """`{"access", "refresh"}` for the newest refresh token of a live login; the one
    presented is used up. Raises simplejwt's InvalidToken (401) otherwise."""
    try:
        token = FamilyRefreshToken(raw)
    except TokenError as exc:
        raise InvalidToken(exc.args[0]) from exc
    try:
        family_id = uuid.UUID(str(token[FAMILY_CLAIM]))
    except (KeyError, ValueError):
        raise InvalidToken(SIGN_IN_AGAIN) from None
    tokens, refusal = _rotate(family_id=family_id, jti=str(token[api_settings.JTI_CLAIM]))
    if refusal is not None:
        raise InvalidToken(refusal)
    return tokens


def _lifetime(started_at: datetime) -> timedelta:
    """A refresh token's lifetime: two weeks, never past the login's absolute end."""
    ends = started_at + timedelta(days=settings.LOGIN_MAX_DAYS)
    return min(settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"], ends - timezone.now())


def _rotate(*, family_id: uuid.UUID, jti: str) -> tuple[dict[str, str], str | None]:
    """New tokens, or a refusal; a refusal that ends the family is committed before the
    caller raises (the transaction must not roll the revocation back)."""
    now = timezone.now()
    with transaction.atomic():
        # The row lock makes rotations of one family take turns: of two requests with
        # the same token, the second waits, then finds its token no longer current.
        family = (
            TokenFamily.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=family_id)
            .first()
        )
        if family is None or family.revoked_at is not None:
            return {}, SIGN_IN_AGAIN
        refusal = _refusal(family, jti=jti, now=now)
        identity = None
        if refusal is None:
            try:
                identity = identity_for(family.user_id)
            except NoGymAccount:
                refusal = SIGN_IN_AGAIN
        if refusal is not None:
            family.revoked_at = now
            family.save(update_fields=["revoked_at"])
            return {}, refusal
        refresh = tokens_for(
            family.user, identity, family_id=str(family.pk), lifetime=_lifetime(family.started_at)
        )
        family.current_jti = refresh[api_settings.JTI_CLAIM]
        family.save(update_fields=["current_jti"])
    return {"access": str(refresh.access_token), "refresh": str(refresh)}, None


def _refusal(family: TokenFamily, *, jti: str, now: datetime) -> str | None:
    if family.current_jti != jti:
        return REUSED
    if family.user.token_version != family.token_version or not family.user.is_active:
        return SIGN_IN_AGAIN  # password, role or status changed since the sign-in
    if now >= family.started_at + timedelta(days=settings.LOGIN_MAX_DAYS):
        return SIGN_IN_AGAIN
    return None


def sign_out(raw: str | None) -> None:
    """End the login a refresh token belongs to, so a copied token (or cookie) mints no
    access token afterwards; an absent, forged or expired token needs nothing."""
    if not raw:
        return
    try:
        family_id = uuid.UUID(str(FamilyRefreshToken(raw)[FAMILY_CLAIM]))
    except (TokenError, KeyError, ValueError):
        return
    TokenFamily.objects.filter(pk=family_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )

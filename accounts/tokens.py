"""API authentication from signed tokens alone: no database query per request.

The access token carries the Identity's claims (role, gym, member, staff); it lives
15 minutes, so a deactivated account or a changed role takes effect within that window
(docs/DECISIONS.md). Refresh tokens belong to a TokenFamily, rotate, and are checked
against the database at every rotation (accounts.signin).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.identity import Identity, identity_for

# The refresh token's claim naming its TokenFamily (not copied into access tokens).
FAMILY_CLAIM = "fam"


class FamilyRefreshToken(RefreshToken):
    no_copy_claims = (*RefreshToken.no_copy_claims, FAMILY_CLAIM)


def tokens_for(
    user: Any, identity: Identity | None = None, *, family_id: str | None = None, lifetime=None
) -> RefreshToken:
    """A refresh token (and through `.access_token` an access token) for `user`.

    Only a token with a `family_id` can be refreshed (accounts.signin); without one it
    serves tests and tools that need an access token.
    """
    refresh = FamilyRefreshToken()
    # simplejwt writes the user id as a string; every other id in the token (and in
    # the API) is a number, so a client decoding it meets one type.
    refresh[api_settings.USER_ID_CLAIM] = int(user.pk)
    if lifetime is not None:
        refresh.set_exp(lifetime=lifetime)
    if family_id is not None:
        refresh[FAMILY_CLAIM] = family_id
    for name, value in (identity or identity_for(user.pk)).claims().items():
        refresh[name] = value
    return refresh


def access_token_for(identity: Identity, *, lifetime: Any) -> str:
    """An access token without a login or a refresh token (load tests sign thousands)."""
    token = AccessToken()
    token.set_exp(lifetime=lifetime)
    token[api_settings.USER_ID_CLAIM] = int(identity.user_id)  # as tokens_for writes it
    for name, value in identity.claims().items():
        token[name] = value
    return str(token)


class TokenAuthentication(JWTAuthentication):
    """Bearer access tokens turned into an Identity without touching the database."""

    def get_user(self, validated_token: Any) -> Identity:
        try:
            return Identity.from_claims(
                user_id=validated_token[api_settings.USER_ID_CLAIM], claims=validated_token
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidToken("Token is missing GymIntel claims.") from None


class TokenAuthenticationScheme(SimpleJWTScheme):
    """OpenAPI: our subclass is documented as simplejwt's bearer scheme (drf-spectacular
    matches extensions by exact class, so without this every endpoint warns)."""

    target_class = "accounts.tokens.TokenAuthentication"

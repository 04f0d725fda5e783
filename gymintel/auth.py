"""API authentication from signed tokens alone: no database query per request.

The access token carries what authorization needs (role, gym, member, staff); it lives
15 minutes, so a deactivated account or a changed role takes effect within that window
(docs/DECISIONS.md). Refresh tokens rotate and are blacklisted after use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.tokens import RefreshToken

ROLE_MEMBER = "member"
ROLE_COACH = "coach"
ROLE_ADMIN = "admin"
STAFF_ROLES = (ROLE_COACH, ROLE_ADMIN)


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the token says. Stands in for request.user on the API."""

    user_id: int
    role: str
    gym_id: int
    gym_tz: str
    member_id: int | None = None
    staff_id: int | None = None

    is_authenticated = True
    is_anonymous = False

    @property
    def pk(self) -> int:
        return self.user_id

    @property
    def id(self) -> int:
        return self.user_id

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_gym_admin(self) -> bool:
        return self.role == ROLE_ADMIN


class NoGymAccount(Exception):
    """The user exists but is neither a member nor staff of a gym."""


def claims_for(user: Any) -> dict[str, Any]:
    """The claims a token carries for `user` (two queries, at login only)."""
    from coaching.models import Staff
    from members.models import Member

    staff = Staff.objects.select_related("gym").filter(user_id=user.pk).first()
    if staff is not None:
        return {
            "role": staff.role,
            "gym_id": staff.gym_id,
            "gym_tz": staff.gym.timezone,
            "staff_id": staff.pk,
            "member_id": staff.linked_member_id,
        }
    member = Member.objects.select_related("gym").filter(user_id=user.pk).first()
    if member is not None:
        return {
            "role": ROLE_MEMBER,
            "gym_id": member.gym_id,
            "gym_tz": member.gym.timezone,
            "staff_id": None,
            "member_id": member.pk,
        }
    raise NoGymAccount(user.pk)


def tokens_for(user: Any, claims: dict[str, Any] | None = None) -> RefreshToken:
    """A refresh token (and through `.access_token` an access token) with our claims."""
    refresh = RefreshToken.for_user(user)
    for name, value in (claims or claims_for(user)).items():
        refresh[name] = value
    return refresh


class TokenAuthentication(JWTAuthentication):
    """Bearer access tokens turned into a Principal without touching the database."""

    def get_user(self, validated_token: Any) -> Principal:
        try:
            return Principal(
                user_id=int(validated_token["user_id"]),
                role=str(validated_token["role"]),
                gym_id=int(validated_token["gym_id"]),
                gym_tz=str(validated_token["gym_tz"]),
                member_id=validated_token.get("member_id"),
                staff_id=validated_token.get("staff_id"),
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidToken("Token is missing GymIntel claims.") from None


class TokenAuthenticationScheme(SimpleJWTScheme):
    """OpenAPI: our subclass is documented as simplejwt's bearer scheme (drf-spectacular
    matches extensions by exact class, so without this every endpoint warns)."""

    target_class = "gymintel.auth.TokenAuthentication"

"""Who is asking: one answer for the API's tokens, the staff pages and the operators.

An Identity is built from the database at sign-in (`identity_for`), or for everyone at
once (`identities`, for load-test tokens), and then carried without queries: inside
the API's access token as claims, and inside a staff session. Every role check
("is this a gym admin?") is a property here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q

from accounts.models import Member, Staff, User
from accounts.roles import STAFF_ROLE_VALUES, Role

# What an access token carries besides the user id; names are part of the token format.
CLAIMS = ("role", "gym_id", "gym_tz", "staff_id", "member_id")


@dataclass(frozen=True)
class Identity:
    """A signed-in person as authorization sees them. Stands in for request.user on
    the API (hence is_authenticated and pk)."""

    user_id: int
    role: str
    gym_id: int | None  # None for a chain owner, who belongs to no gym
    gym_tz: str  # "" for a chain owner: each gym's figures use that gym's own zone
    member_id: int | None = None
    staff_id: int | None = None
    # Shown on staff pages; not carried in tokens.
    name: str = ""
    email: str = ""
    gym_name: str = ""

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
        return self.role in STAFF_ROLE_VALUES

    @property
    def is_gym_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_member(self) -> bool:
        """A member, or staff who also trains here through a linked member profile."""
        return self.member_id is not None

    def claims(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CLAIMS}

    @classmethod
    def from_claims(cls, *, user_id: Any, claims: Any) -> Identity:
        """From a verified token; KeyError/TypeError/ValueError when claims are missing."""
        member_id, staff_id = claims.get("member_id"), claims.get("staff_id")
        role, gym_id = str(claims["role"]), claims["gym_id"]
        if gym_id is None and role != Role.OWNER:
            raise ValueError("Only an owner's token names no gym.")
        return cls(
            user_id=int(user_id),
            role=role,
            gym_id=None if gym_id is None else int(gym_id),
            gym_tz=str(claims["gym_tz"]),
            member_id=None if member_id is None else int(member_id),
            staff_id=None if staff_id is None else int(staff_id),
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def member_still_exists(self) -> bool:
        """One query, for error paths: a token outlives a deleted member for minutes."""
        return self.member_id is not None and Member.objects.filter(pk=self.member_id).exists()


class NoGymAccount(Exception):
    """The user exists but is neither a member nor staff of a gym, nor a chain owner."""


def identities(*, user_id: int | None = None) -> Iterator[Identity]:
    """Identities of active users with a gym or the owner role, in three queries
    whatever their number (`user_id`: that user's only).

    Staff first, then members, then owners; a user who is both staff and member is
    staff (their member profile is reachable as the staff row's linked member), so
    callers keep the first per user. An owner is refused a gym role (User.clean and
    the owner service), but should a row slip in anyway, the gym role comes first:
    an ambiguous account gets the narrower rights.
    """
    only = user_id  # the loops below reuse the name
    user_filter = Q(user__is_active=True)
    if only is not None:
        user_filter &= Q(user_id=only)
    staff_rows = Staff.objects.filter(user_filter).values_list(
        "user_id", "user__name", "user__email", "role", "gym_id", "gym__timezone",
        "gym__name", "id", "linked_member_id",
    )  # fmt: skip
    for user_id, name, email, role, gym_id, tz, gym_name, staff_id, member_id in staff_rows:
        yield Identity(
            user_id=user_id, role=role, gym_id=gym_id, gym_tz=tz, member_id=member_id,
            staff_id=staff_id, name=name or email, email=email, gym_name=gym_name,
        )  # fmt: skip
    member_rows = Member.objects.filter(user_filter).values_list(
        "user_id", "user__name", "user__email", "gym_id", "gym__timezone", "gym__name", "id"
    )
    for user_id, name, email, gym_id, tz, gym_name, member_id in member_rows:
        yield Identity(
            user_id=user_id, role=Role.MEMBER.value, gym_id=gym_id, gym_tz=tz,
            member_id=member_id, name=name or email, email=email, gym_name=gym_name,
        )  # fmt: skip
    owners = User.objects.filter(is_active=True, is_owner=True)
    if only is not None:
        owners = owners.filter(pk=only)
    for owner_id, name, email in owners.values_list("id", "name", "email"):
        yield Identity(
            user_id=owner_id, role=Role.OWNER.value, gym_id=None, gym_tz="",
            name=name or email, email=email,
        )  # fmt: skip


def identity_for(user_id: int) -> Identity:
    """The identity of one active user (at most three queries: staff, member, owner;
    the owner's only for an owner or a refusal).

    Raises NoGymAccount for an inactive user or one with neither a gym nor the owner role.
    """
    found = next(identities(user_id=user_id), None)
    if found is None:
        raise NoGymAccount(user_id)
    return found


def all_identities() -> dict[str, Identity]:
    """{email: identity} for every active user with a gym, and every owner (three queries)."""
    out: dict[str, Identity] = {}
    for identity in identities():
        out.setdefault(identity.email, identity)
    return out

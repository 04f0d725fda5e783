"""Writes to accounts: staff enrolment, a member's login and status, the gym's settings.

Every function takes the acting gym's id and refuses objects of another gym with
NotFound, so a caller cannot reach across gyms whatever ids it sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from accounts.models import (
    Gym,
    Member,
    Staff,
    SubscriptionStatus,
    User,
    normalize_email,
    validate_timezone,
)
from accounts.roles import STAFF_ROLE_VALUES
from gymintel.errors import Conflict, InvalidInput, NotFound
from media_store import services as media_services

# --- Staff --------------------------------------------------------------------------


def staff_add(
    *, gym_id: int, email: str, name: str, role: str, password: str | None = None
) -> Staff:
    """Make `email` a coach or admin of the gym.

    A new email gets a new account (a password is then required). An existing account
    may become staff only if it is not staff already and is not a member of another
    gym; a member of this gym becomes staff with their member profile linked, so they
    keep logging their own meals.
    """
    if role not in STAFF_ROLE_VALUES:
        raise InvalidInput(f"Unknown role {role!r}.")
    email = normalize_email(email)
    try:
        return _staff_add(gym_id=gym_id, email=email, name=name, role=role, password=password)
    except IntegrityError:
        # Two admins adding the same email at once: the unique email / one-staff-per-user
        # constraints let one through; the other learns it exists.
        raise Conflict(f"{email} was just added by someone else.") from None


def _staff_add(*, gym_id: int, email: str, name: str, role: str, password: str | None) -> Staff:
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        linked: Member | None = None
        if user is None:
            if not password:
                raise InvalidInput("A new account needs an initial password.")
            user = User.objects.create_user(email, password, name=name)
        else:
            if user.is_owner:
                raise Conflict(f"{email} is a chain owner, who belongs to no gym.")
            if Staff.objects.filter(user=user).exists():
                raise Conflict(f"{email} is already on the staff of a gym.")
            linked = Member.objects.filter(user=user).first()
            if linked is not None and linked.gym_id != gym_id:
                raise Conflict(f"{email} is a member of another gym.")
        return Staff.objects.create(user=user, gym_id=gym_id, role=role, linked_member=linked)


# --- Chain owners ---------------------------------------------------------------------


@dataclass(frozen=True)
class OwnerResult:
    user: User
    created: bool  # a new account
    promoted: bool  # an existing account made owner (False: it was one already)


def owner_create(*, email: str, password: str | None = None, name: str = "") -> OwnerResult:
    """Make `email` a chain owner: a new account, or an existing one promoted.

    Idempotent: an owner stays an owner (a given password is set again). An owner
    belongs to no gym, so a member's or staff account is refused (Conflict): the same
    login as owner and as coach would make "who is asking" ambiguous.
    """
    email = normalize_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        if user is None:
            if not password:
                raise InvalidInput("A new account needs a password.")
            user = User.objects.create_user(email, password, name=name, is_owner=True)
            return OwnerResult(user=user, created=True, promoted=False)
        roles = user.gym_roles()
        if roles:
            raise Conflict(f"{email} is {roles}; an owner belongs to no gym.")
        promoted = not user.is_owner
        user.is_owner = True
        if password:
            user.set_password(password)
        if name:
            user.name = name
        user.save()
        return OwnerResult(user=user, created=False, promoted=promoted)


# --- Members ------------------------------------------------------------------------


def _gym_member(*, gym_id: int, member_id: int, lock: bool = False) -> Member:
    members = Member.objects.select_related("user").filter(pk=member_id, gym_id=gym_id)
    member = (members.select_for_update() if lock else members).first()
    if member is None:
        raise NotFound("No such member at this gym.")
    return member


def member_deactivate(*, gym_id: int, member_id: int) -> Member:
    """Close a member's login. Their history and standings stay; the dashboard hides them.

    Issued tokens keep working until they expire (15 minutes, docs/DECISIONS.md).
    """
    member = _gym_member(gym_id=gym_id, member_id=member_id)
    User.objects.filter(pk=member.user_id).update(is_active=False)
    member.user.is_active = False
    return member


def member_reactivate(*, gym_id: int, member_id: int) -> Member:
    member = _gym_member(gym_id=gym_id, member_id=member_id)
    User.objects.filter(pk=member.user_id).update(is_active=True)
    member.user.is_active = True
    return member


def member_set_status(*, gym_id: int, member_id: int, subscription_status: str) -> Member:
    if subscription_status not in SubscriptionStatus.values:
        raise InvalidInput(f"Unknown subscription status {subscription_status!r}.")
    member = _gym_member(gym_id=gym_id, member_id=member_id)
    Member.objects.filter(pk=member.pk).update(subscription_status=subscription_status)
    member.subscription_status = subscription_status
    return member


# --- Gym ----------------------------------------------------------------------------


def gym_update(*, gym_id: int, name: str, timezone_name: str) -> Gym:
    """Rename the gym or move its time zone. Existing logs keep their local dates."""
    name = name.strip()
    if not name:
        raise InvalidInput("The gym needs a name.")
    try:
        validate_timezone(timezone_name)
    except ValidationError as exc:
        raise InvalidInput("; ".join(exc.messages)) from None
    updated = Gym.objects.filter(pk=gym_id).update(name=name, timezone=timezone_name)
    if not updated:
        raise NotFound("No such gym.")
    return Gym.objects.get(pk=gym_id)


def gym_logo_set(*, gym_id: int, upload: UploadedFile) -> str:
    """Store a new logo through media_store (validation, re-encoding, old logo removed)."""
    gym = Gym.objects.filter(pk=gym_id).first()
    if gym is None:
        raise NotFound("No such gym.")
    return media_services.replace_image(instance=gym, field="logo_key", upload=upload)

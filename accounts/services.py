"""Writes to accounts: staff enrolment, a member's login and status, the gym's settings.

Every function takes the acting gym's id and refuses objects of another gym with
NotFound, so a caller cannot reach across gyms whatever ids it sends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import (
    Gym,
    Member,
    Staff,
    StaffInvitation,
    SubscriptionStatus,
    User,
    normalize_email,
    validate_timezone,
)
from accounts.revocation import logins_revoke
from accounts.roles import STAFF_ROLE_VALUES
from gymintel.errors import Conflict, InvalidInput, NotFound
from media_store import services as media_services

# --- Staff --------------------------------------------------------------------------


def staff_add(
    *,
    gym_id: int,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    invited_by: int | None = None,
) -> Staff | StaffInvitation:
    """Make `email` a coach or admin of the gym, or invite its account to become one.

    A new email gets a new account (a password is then required) and a member of this
    gym becomes staff at once, with their member profile linked so they keep logging
    their own meals. Any other existing account is not the admin's to enrol: it gets a
    StaffInvitation that only its owner can accept. Staff of any gym and members of
    another gym are refused (409).
    """
    if role not in STAFF_ROLE_VALUES:
        raise InvalidInput(f"Unknown role {role!r}.")
    email = normalize_email(email)
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(email=email).first()
            if user is None:
                if not password:
                    raise InvalidInput("A new account needs an initial password.")
                user = User.objects.create_user(email, password, name=name)
                return _staff_create(user=user, gym_id=gym_id, role=role)
            linked = _staff_candidate(user=user, gym_id=gym_id)
            if linked is not None:
                return _staff_create(user=user, gym_id=gym_id, role=role, linked=linked)
            return _staff_invite(gym_id=gym_id, email=email, role=role, invited_by=invited_by)
    except IntegrityError:
        # Two admins adding the same email at once: the unique email / one-staff-per-user
        # constraints let one through; the other learns it exists.
        raise Conflict(f"{email} was just added by someone else.") from None


def _staff_candidate(*, user: User, gym_id: int) -> Member | None:
    """The user's member profile at this gym, None if they have none; Conflict when the
    account may not join this gym's staff at all."""
    if user.is_owner:
        raise Conflict(f"{user.email} is a chain owner, who belongs to no gym.")
    if Staff.objects.filter(user=user).exists():
        raise Conflict(f"{user.email} is already on the staff of a gym.")
    member = Member.objects.filter(user=user).first()
    if member is not None and member.gym_id != gym_id:
        raise Conflict(f"{user.email} is a member of another gym.")
    return member


def _staff_create(*, user: User, gym_id: int, role: str, linked: Member | None = None) -> Staff:
    return Staff.objects.create(user=user, gym_id=gym_id, role=role, linked_member=linked)


def _staff_invite(*, gym_id: int, email: str, role: str, invited_by: int | None) -> StaffInvitation:
    expires_at = timezone.now() + timedelta(days=settings.STAFF_INVITATION_DAYS)
    invitation, _ = StaffInvitation.objects.update_or_create(
        gym_id=gym_id,
        email=email,
        accepted_at=None,
        defaults={"role": role, "invited_by_id": invited_by, "expires_at": expires_at},
    )
    return invitation


def staff_invitation_accept(*, invitation_id: int, user_id: int) -> Staff:
    """The invited account (already authenticated as `user_id`) joins the staff.

    The invitation row is locked, so one link accepted twice at once makes one Staff.
    """
    with transaction.atomic():
        invitation = (
            StaffInvitation.objects.select_for_update()
            .filter(pk=invitation_id, accepted_at=None, expires_at__gt=timezone.now())
            .first()
        )
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if invitation is None or user is None or user.email != invitation.email:
            raise NotFound("This invitation is not open (accepted, expired or not yours).")
        linked = _staff_candidate(user=user, gym_id=invitation.gym_id)
        staff = _staff_create(
            user=user, gym_id=invitation.gym_id, role=invitation.role, linked=linked
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        logins_revoke(user_id=user.pk)  # tokens made before carry no staff role
    return staff


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
        if promoted or password:
            # A new role or password: logins made before end, as on any role change.
            logins_revoke(user_id=user.pk)
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

    Refresh tokens stop at once; an access token already issued works until it expires
    (15 minutes, docs/SECURITY.md).
    """
    member = _gym_member(gym_id=gym_id, member_id=member_id)
    with transaction.atomic():
        User.objects.filter(pk=member.user_id).update(is_active=False)
        logins_revoke(user_id=member.user_id)
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


# --- Imports from the old system ----------------------------------------------------

# bcryptjs writes $2a$ (and $2b$) hashes: cost, then 22 characters of salt and 31 of hash.
_BCRYPT = re.compile(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}")


def password_from_bcrypt(*, bcrypt_hash: str) -> str | None:
    """The stored form of an old bcrypt hash: Django's BCryptPasswordHasher verifies it
    (settings.PASSWORD_HASHERS lists it after our default), and the first successful
    sign-in re-hashes the password with our default. None when it is not a bcrypt hash."""
    value = (bcrypt_hash or "").strip()
    return f"bcrypt${value}" if _BCRYPT.fullmatch(value) else None


@dataclass(frozen=True)
class ImportedMember:
    gym_id: int
    email: str
    name: str
    password: str | None  # from password_from_bcrypt; None: an unusable password
    subscription_status: str
    calorie_target: int | None
    protein_target: int | None
    avatar_key: str
    created_at: datetime


def gym_import(*, name: str, timezone_name: str, logo_key: str, created_at: datetime) -> Gym:
    """A gym brought over from another system (the logo already stored by media_store)."""
    try:
        validate_timezone(timezone_name)
    except ValidationError as exc:
        raise InvalidInput("; ".join(exc.messages)) from None
    return Gym.objects.create(
        name=name.strip()[:120] or "Gym",
        timezone=timezone_name,
        logo_key=logo_key,
        created_at=created_at,
    )


def members_import(*, people: list[ImportedMember]) -> list[Member]:
    """Accounts and memberships for many people at once (the batch form of member_add,
    without its per-row queries). Emails must be free; the unique index refuses a taken
    one, failing the batch. Statuses are checked here; targets by the caller through
    coaching.services.targets_check, and again by the member table's CHECKs."""
    for person in people:
        if person.subscription_status not in SubscriptionStatus.values:
            raise InvalidInput(f"Unknown subscription status {person.subscription_status!r}.")
    users = []
    for person in people:
        user = User(email=normalize_email(person.email), name=person.name[:120])
        user.date_joined = person.created_at
        if person.password is None:
            user.set_unusable_password()
        else:
            user.password = person.password
        users.append(user)
    with transaction.atomic():
        User.objects.bulk_create(users)
        return Member.objects.bulk_create(
            Member(
                user=user,
                gym_id=person.gym_id,
                subscription_status=person.subscription_status,
                calorie_target=person.calorie_target,
                protein_target=person.protein_target,
                avatar_key=person.avatar_key,
                created_at=person.created_at,
            )
            for user, person in zip(users, people, strict=True)
        )


def staff_import(
    *,
    gym_id: int,
    email: str,
    name: str,
    role: str,
    password: str | None,
    linked_member_id: int | None,
    created_at: datetime,
) -> Staff:
    """A coach or admin brought over with their old password hash. An account with this
    email that is a member of the gym becomes staff with that membership linked (as
    staff_add does); otherwise a new account, linked to `linked_member_id` (a member of
    the same gym) when given."""
    if role not in STAFF_ROLE_VALUES:
        raise InvalidInput(f"Unknown role {role!r}.")
    email = normalize_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        if user is None:
            user = User(email=email, name=name[:120], date_joined=created_at)
            if password is None:
                user.set_unusable_password()
            else:
                user.password = password
            user.save()
        else:
            if Staff.objects.filter(user=user).exists():
                raise Conflict(f"{email} is already on the staff of a gym.")
            own = Member.objects.filter(user=user).first()
            if own is None or own.gym_id != gym_id:
                raise Conflict(f"{email} is a member of another gym.")
            linked_member_id = own.pk
        if linked_member_id is not None:
            member = Member.objects.filter(pk=linked_member_id, gym_id=gym_id).first()
            if member is None:
                raise NotFound("The linked member is not a member of this gym.")
            if Staff.objects.filter(linked_member_id=linked_member_id).exists():
                raise Conflict("That member is already linked to another staff account.")
        return Staff.objects.create(
            user=user,
            gym_id=gym_id,
            role=role,
            linked_member_id=linked_member_id,
            created_at=created_at,
        )

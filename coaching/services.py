"""Coaching writes: who coaches whom, new members with their coach, staff roles (an admin
coaches no one), the coach's targets. The staff pages (and any command or API) call these.

Every function takes the acting gym's id and refuses objects of another gym with
NotFound, so a caller cannot reach across gyms whatever ids it sends.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import (
    CALORIE_TARGET_MAX,
    CALORIE_TARGET_MIN,
    PROTEIN_TARGET_MAX,
    PROTEIN_TARGET_MIN,
    Member,
    Staff,
    SubscriptionStatus,
    User,
    normalize_email,
)
from accounts.revocation import logins_revoke
from accounts.roles import STAFF_ROLE_VALUES, Role
from coaching.models import CoachAssignment
from gymintel.errors import Conflict, InvalidInput, NotFound


def _invalid(exc: ValidationError) -> InvalidInput:
    return InvalidInput("; ".join(exc.messages))


# --- Coach assignment -------------------------------------------------------------


def assign_coach(*, gym_id: int, coach_id: int, member_ids: Iterable[int]) -> int:
    """Give every listed member `coach_id` as their one coach; returns how many.

    Same gym is checked here (the table cannot express it): the coach and every member
    must belong to `gym_id`, else nothing changes. One upsert for the whole batch.
    """
    ids = sorted(set(member_ids))
    if not ids:
        raise InvalidInput("Select at least one member.")
    coach = Staff.objects.filter(pk=coach_id, gym_id=gym_id, role=Role.COACH).first()
    if coach is None:
        raise NotFound("No such coach at this gym.")
    found = Member.objects.filter(gym_id=gym_id, pk__in=ids).count()
    if found != len(ids):
        raise NotFound("Some of the selected members are not members of this gym.")
    now = timezone.now()
    with transaction.atomic():
        CoachAssignment.objects.bulk_create(
            [CoachAssignment(member_id=pk, coach_id=coach.pk, assigned_at=now) for pk in ids],
            update_conflicts=True,
            unique_fields=["member"],
            update_fields=["coach", "assigned_at"],
        )
    return len(ids)


# --- Staff --------------------------------------------------------------------------


def staff_set_role(*, gym_id: int, staff_id: int, role: str) -> Staff:
    """Change a staff member's role; the gym always keeps at least one admin.

    The gym's admin rows are locked first, so two admins demoting each other at the
    same moment cannot both succeed and leave the gym without one.
    """
    if role not in STAFF_ROLE_VALUES:
        raise InvalidInput(f"Unknown role {role!r}.")
    with transaction.atomic():
        admins = list(
            Staff.objects.select_for_update()
            .filter(gym_id=gym_id, role=Role.ADMIN)
            .values_list("pk", flat=True)
        )
        staff = Staff.objects.select_for_update().filter(pk=staff_id, gym_id=gym_id).first()
        if staff is None:
            raise NotFound("No such staff member at this gym.")
        if staff.role == role:
            return staff
        if staff.role == Role.ADMIN and admins == [staff.pk]:
            raise Conflict("A gym needs at least one admin; make someone else admin first.")
        staff.role = role
        staff.save(update_fields=["role"])
        # Tokens and staff sessions carry the role: the old one must not outlive this.
        logins_revoke(user_id=staff.user_id)
        if role == Role.ADMIN:
            # An admin sees the whole gym; their old coaching list would only confuse.
            CoachAssignment.objects.filter(coach=staff).delete()
    return staff


# --- Members ------------------------------------------------------------------------


def member_add(
    *,
    gym_id: int,
    email: str,
    name: str,
    password: str,
    subscription_status: str = SubscriptionStatus.ACTIVE,
    coach_id: int | None = None,
) -> Member:
    """A new member account with an initial password, optionally with a coach."""
    if subscription_status not in SubscriptionStatus.values:
        raise InvalidInput(f"Unknown subscription status {subscription_status!r}.")
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise Conflict(f"An account with {email} already exists.")
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, password, name=name)
            member = Member.objects.create(
                user=user, gym_id=gym_id, subscription_status=subscription_status
            )
            if coach_id is not None:
                assign_coach(gym_id=gym_id, coach_id=coach_id, member_ids=[member.pk])
    except IntegrityError:  # the same email added concurrently: the unique index decides
        raise Conflict(f"An account with {email} already exists.") from None
    return member


def _check_target(value: int | None, *, low: int, high: int, what: str) -> None:
    if value is not None and not low <= value <= high:
        raise InvalidInput(f"The {what} target must be between {low:,} and {high:,}.")


def set_targets(
    *, member: Member, calorie_target: int | None, protein_target: int | None
) -> Member:
    """The coach's daily targets; None clears one.

    The bounds are accounts.models' constants, the same ones the member table's CHECK
    constraints are built from: a value out of range is refused here, in words, before
    the database would refuse it with an IntegrityError.
    """
    _check_target(
        calorie_target, low=CALORIE_TARGET_MIN, high=CALORIE_TARGET_MAX, what="calorie (kcal)"
    )
    _check_target(
        protein_target, low=PROTEIN_TARGET_MIN, high=PROTEIN_TARGET_MAX, what="protein (g)"
    )
    member.calorie_target = calorie_target
    member.protein_target = protein_target
    member.save(update_fields=["calorie_target", "protein_target"])
    return member

"""Staff-side writes: coach assignment, staff and member accounts, targets, gym settings,
challenges. The staff pages (and any command or API) call these; the rules live here.

Every function takes the acting gym's id and refuses objects of another gym with
NotFound, so a caller cannot reach across gyms whatever ids it sends.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import (
    CALORIE_TARGET_MAX,
    CALORIE_TARGET_MIN,
    PROTEIN_TARGET_MAX,
    PROTEIN_TARGET_MIN,
    Gym,
    Member,
    Staff,
    SubscriptionStatus,
    User,
    normalize_email,
    validate_timezone,
)
from accounts.roles import Role
from challenges.models import RULE_FIELDS, Challenge
from coaching.models import CoachAssignment
from gymintel.errors import Conflict, InvalidInput, NotFound
from media_store import services as media_services


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


def staff_add(
    *, gym_id: int, email: str, name: str, role: str, password: str | None = None
) -> Staff:
    """Make `email` a coach or admin of the gym.

    A new email gets a new account (a password is then required). An existing account
    may become staff only if it is not staff already and is not a member of another
    gym; a member of this gym becomes staff with their member profile linked, so they
    keep logging their own meals.
    """
    if role not in Role.values:
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
            if Staff.objects.filter(user=user).exists():
                raise Conflict(f"{email} is already on the staff of a gym.")
            linked = Member.objects.filter(user=user).first()
            if linked is not None and linked.gym_id != gym_id:
                raise Conflict(f"{email} is a member of another gym.")
        return Staff.objects.create(user=user, gym_id=gym_id, role=role, linked_member=linked)


def staff_set_role(*, gym_id: int, staff_id: int, role: str) -> Staff:
    """Change a staff member's role; the gym always keeps at least one admin.

    The gym's admin rows are locked first, so two admins demoting each other at the
    same moment cannot both succeed and leave the gym without one.
    """
    if role not in Role.values:
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


# --- Gym ----------------------------------------------------------------------------


def gym_update(*, gym_id: int, name: str, timezone_name: str) -> Gym:
    """Rename the gym or move its time zone. Existing logs keep their local dates."""
    name = name.strip()
    if not name:
        raise InvalidInput("The gym needs a name.")
    try:
        validate_timezone(timezone_name)
    except ValidationError as exc:
        raise _invalid(exc) from None
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


# --- Challenges ---------------------------------------------------------------------


def _challenge_save(challenge: Challenge, name: str, starts_on: date, ends_on: date, rules):
    unknown = set(rules) - set(RULE_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown challenge rules: {', '.join(sorted(unknown))}.")
    challenge.name, challenge.starts_on, challenge.ends_on = name, starts_on, ends_on
    for field, value in rules.items():
        setattr(challenge, field, value)
    try:
        # The model's validators refuse negative points and caps below one; its CHECKs
        # would refuse them again at the database.
        challenge.full_clean()
    except ValidationError as exc:
        raise _invalid(exc) from None
    challenge.save()
    return challenge


def challenge_create(
    *, gym_id: int, name: str, starts_on: date, ends_on: date, rules: dict[str, int]
) -> Challenge:
    """A new challenge; rules not given keep the model's defaults."""
    return _challenge_save(Challenge(gym_id=gym_id), name, starts_on, ends_on, rules)


def challenge_update(
    *,
    gym_id: int,
    challenge_id: int,
    name: str,
    starts_on: date,
    ends_on: date,
    rules: dict[str, int],
) -> Challenge:
    """Edit the window and rules. Points already awarded stay as they were earned."""
    with transaction.atomic():
        challenge = (
            Challenge.objects.select_for_update().filter(pk=challenge_id, gym_id=gym_id).first()
        )
        if challenge is None:
            raise NotFound("No such challenge at this gym.")
        return _challenge_save(challenge, name, starts_on, ends_on, rules)

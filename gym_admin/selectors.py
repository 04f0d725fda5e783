"""Lists of the /manage/ pages. Each is one query per page (plus the paginator's count):
related rows come joined (select_related) or counted (annotate), never fetched per row."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import Gym, Member, Staff, StaffInvitation
from accounts.roles import Role
from challenges.models import Challenge


def gym_for_admin(*, gym_id: int) -> Gym:
    return Gym.objects.get(pk=gym_id)


def staff_list(*, gym_id: int) -> QuerySet[Staff]:
    """The gym's staff with how many members each coaches."""
    return (
        Staff.objects.filter(gym_id=gym_id)
        .select_related("user")
        .annotate(member_count=Count("assignments"))
        .order_by("role", "user__name", "id")
    )


def pending_invitations(*, gym_id: int) -> QuerySet[StaffInvitation]:
    """The gym's staff invitations not yet accepted and not expired, newest first."""
    return StaffInvitation.objects.filter(
        gym_id=gym_id, accepted_at=None, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def member_list(*, gym_id: int, unassigned_only: bool = False) -> QuerySet[Member]:
    """The gym's members (deactivated included) with their coach's name, by name."""
    members = (
        Member.objects.filter(gym_id=gym_id)
        .select_related("user", "coach_assignment__coach__user")
        .only(
            "id",
            "subscription_status",
            "created_at",
            "user__email",
            "user__name",
            "user__is_active",
            "coach_assignment__id",
            "coach_assignment__coach__id",
            "coach_assignment__coach__user__name",
            "coach_assignment__coach__user__email",
        )
        .order_by("user__name", "id")
    )
    if unassigned_only:
        members = members.filter(coach_assignment__isnull=True)
    return members


def coach_choices(*, gym_id: int) -> list[tuple[int, str]]:
    """(staff id, name) of the gym's coaches, for select boxes."""
    rows = (
        Staff.objects.filter(gym_id=gym_id, role=Role.COACH)
        .order_by("user__name", "id")
        .values_list("id", "user__name", "user__email")
    )
    return [(pk, name or email) for pk, name, email in rows]


def challenge_list(*, gym_id: int) -> QuerySet[Challenge]:
    return (
        Challenge.objects.filter(gym_id=gym_id)
        .annotate(participant_count=Count("participants"))
        .order_by("-starts_on", "id")
    )


def challenge_for_admin(*, gym_id: int, challenge_id: int) -> Challenge | None:
    return Challenge.objects.filter(gym_id=gym_id, pk=challenge_id).first()

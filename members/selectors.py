"""Member reads. Each returns rows already shaped for the API (lean dicts, no
ModelSerializer on hot lists: a serializer per row costs far more CPU than the query).

Every selector takes the caller's `member_id` and filters by it first: that filter is
the tenant boundary (a member belongs to one gym), so another member's or gym's rows
are simply not there and the API answers 404 for them.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Member
from aicoach.selectors import ai_quota_for
from media_store.selectors import avatar_url, logo_url, meal_photo_url
from members.models import CheckIn, DailyLog, SavedMeal

LOG_FIELDS = (
    "id",
    "type",
    "date",
    "estimated_calories",
    "estimated_protein",
    "meal_id",
    "notes",
    "photo_key",
    "created_at",
)
CHECKIN_FIELDS = ("id", "date", "weight", "notes", "created_at")
MEAL_FIELDS = (
    "id",
    "name",
    "ingredients",
    "estimated_calories",
    "estimated_protein",
    "photo_key",
    "created_at",
)


def with_photo_url(row: dict[str, Any]) -> dict[str, Any]:
    """A log or saved meal as the API shows it: the storage key becomes a URL at the edge."""
    row = dict(row)
    row["photo_url"] = meal_photo_url(row.pop("photo_key"))
    return row


def log_list(
    *,
    member_id: int,
    type: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet:
    """The member's logs, newest first, as value dicts (index log_member_date)."""
    qs = DailyLog.objects.filter(member_id=member_id)
    if type:
        qs = qs.filter(type=type)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs.order_by("-date", "-created_at", "-id").values(*LOG_FIELDS)


def log_get(*, member_id: int, log_id: int) -> dict[str, Any] | None:
    """One of the member's own logs as a value dict, or None. One query (primary key)."""
    return DailyLog.objects.filter(member_id=member_id, pk=log_id).values(*LOG_FIELDS).first()


def log_recent_duplicate_exists(
    *,
    member_id: int,
    type: str,
    date: date,
    estimated_calories: int | None,
    estimated_protein: Decimal | None,
    meal_id: int | None,
) -> bool:
    """A log of the same type and values made within the duplicate window?

    Notes are left out on purpose: a double tap repeats them, and a re-typed note
    does not make the same meal a different one. Index log_member_type_created.
    """
    since = timezone.now() - timedelta(minutes=settings.DUPLICATE_LOG_WINDOW_MINUTES)
    return DailyLog.objects.filter(
        member_id=member_id,
        type=type,
        created_at__gte=since,
        date=date,
        estimated_calories=estimated_calories,
        estimated_protein=estimated_protein,
        meal_id=meal_id,
    ).exists()


def checkin_list(*, member_id: int) -> QuerySet:
    """Check-ins newest first (index checkin_member_newest)."""
    return (
        CheckIn.objects.filter(member_id=member_id)
        .order_by("-date", "-created_at", "-id")
        .values(*CHECKIN_FIELDS)
    )


def checkin_get(*, member_id: int, checkin_id: int) -> dict[str, Any] | None:
    return (
        CheckIn.objects.filter(member_id=member_id, pk=checkin_id).values(*CHECKIN_FIELDS).first()
    )


def saved_meal_get(*, member_id: int, meal_id: int) -> dict[str, Any] | None:
    return SavedMeal.objects.filter(member_id=member_id, pk=meal_id).values(*MEAL_FIELDS).first()


def saved_meal_list(*, member_id: int) -> QuerySet:
    return (
        SavedMeal.objects.filter(member_id=member_id)
        .order_by("-created_at", "-id")
        .values(*MEAL_FIELDS)
    )


def saved_meal_values(*, member_id: int, meal_id: int) -> dict[str, Any] | None:
    """One of the member's own saved meals, or None (another member's is not there)."""
    return (
        SavedMeal.objects.filter(member_id=member_id, pk=meal_id)
        .values("id", "estimated_calories", "estimated_protein", "photo_key")
        .first()
    )


def profile_for(*, member_id: int) -> dict[str, Any] | None:
    """The member's profile as GET /api/member/profile/ answers it. Two queries: member
    with user and gym, then today's AI usage row."""
    member = (
        Member.objects.select_related("user", "gym")
        .only(
            "id",
            "subscription_status",
            "avatar_key",
            "goal",
            "calorie_target",
            "protein_target",
            "user__name",
            "user__email",
            "gym__id",
            "gym__name",
            "gym__timezone",
            "gym__logo_key",
        )
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        return None
    return profile_row(member=member)


def profile_row(*, member: Member) -> dict[str, Any]:
    """`member` with user and gym loaded. The quota counts the gym's own calendar day."""
    return {
        "id": member.pk,
        "name": member.user.name,
        "email": member.user.email,
        "gym": {
            "id": member.gym.pk,
            "name": member.gym.name,
            "timezone": member.gym.timezone,
            # The gym's brand in the app; public like every logo (no signature).
            "logo_url": logo_url(member.gym.logo_key, size="large"),
        },
        "subscription_status": member.subscription_status,
        "avatar_url": avatar_url(member.avatar_key, size="large"),
        "goal": member.goal,
        "targets": {"calories": member.calorie_target, "protein": member.protein_target},
        "ai_quota": ai_quota_for(member=member, gym_tz=member.gym.timezone),
    }

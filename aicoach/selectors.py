"""AI coach reads."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import Member, SubscriptionStatus
from aicoach.models import AIResponseCache, AIUsage, ChatMessage
from aicoach.prompt import CONTEXT_DAYS, WEIGHT_POINTS, CoachContext
from gymintel.clock import gym_today, next_local_midnight
from gymintel.errors import NotFound
from members.models import CheckIn, DailyLog, LogType


class QuotaStatus(TypedDict):
    limit: int
    used: int
    remaining: int
    resets_at: datetime


def daily_limit(*, subscription_status: str) -> int:
    if subscription_status == SubscriptionStatus.ACTIVE:
        return settings.AI_DAILY_QUOTA_ACTIVE
    return settings.AI_DAILY_QUOTA_OTHER


def ai_quota_for(*, member: Member, gym_tz: str) -> QuotaStatus:
    """Today's quota (gym-local). One query: the member's usage row for today."""
    limit = daily_limit(subscription_status=member.subscription_status)
    used = (
        AIUsage.objects.filter(member_id=member.pk, date=gym_today(gym_tz))
        .values_list("used", flat=True)
        .first()
        or 0
    )
    return {
        "limit": limit,
        "used": used,
        "remaining": max(0, limit - used),
        "resets_at": next_local_midnight(gym_tz),
    }


def chat_member(*, member_id: int) -> Member:
    """The member with what the quota and the prompt need, and the gym's time zone. One query."""
    member = (
        Member.objects.select_related("gym")
        .only("subscription_status", "goal", "calorie_target", "protein_target", "gym__timezone")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise NotFound("Member not found.")
    return member


def coach_context(*, member: Member, today: date) -> CoachContext:
    """The member's last 7 full days and weight trend. Two queries (log_member_date and
    checkin_member_newest indexes), however much the member has logged."""
    meal, training, water = Q(type=LogType.MEAL), Q(type=LogType.TRAINING), Q(type=LogType.WATER)
    logs = DailyLog.objects.filter(
        member_id=member.pk, date__gte=today - timedelta(days=CONTEXT_DAYS), date__lt=today
    ).aggregate(
        active_days=Count("date", distinct=True),
        meal_days=Count("date", distinct=True, filter=meal),
        calories=Sum("estimated_calories", filter=meal),
        protein=Sum("estimated_protein", filter=meal),
        trainings=Count("id", filter=training),
        water=Count("id", filter=water),
    )
    weights = tuple(
        CheckIn.objects.filter(member_id=member.pk)
        .order_by("-date", "-created_at")
        .values_list("date", "weight")[:WEIGHT_POINTS]
    )
    protein = logs["protein"]
    return CoachContext(
        goal=member.goal,
        calorie_target=member.calorie_target,
        protein_target=member.protein_target,
        active_days=logs["active_days"],
        meal_days=logs["meal_days"],
        calories=logs["calories"],
        protein=Decimal(protein) if protein is not None else None,
        trainings=logs["trainings"],
        water=logs["water"],
        weights=weights,
    )


def cached_reply(*, key: str, now: datetime) -> AIResponseCache | None:
    """A live cache entry for `key` (unique index), or None. One query."""
    return (
        AIResponseCache.objects.filter(key=key, expires_at__gt=now)
        .only("id", "reply", "model")
        .first()
    )


def chat_history(*, member_id: int) -> QuerySet:
    """The member's conversation, newest first, as plain rows (chat_member_newest index)."""
    return (
        ChatMessage.objects.filter(member_id=member_id)
        .order_by("-created_at", "-id")
        .values("id", "message", "reply", "cached", "created_at")
    )


class GymAIUsage(TypedDict):
    gym_id: int
    gym_name: str
    members: int
    answers: int
    input_tokens: int
    output_tokens: int
    estimated_cost_usd: Decimal


def estimated_cost(*, input_tokens: int, output_tokens: int) -> Decimal:
    per_million = Decimal(1_000_000)
    cost = (
        Decimal(input_tokens) * Decimal(str(settings.AI_PRICE_INPUT_PER_MTOK))
        + Decimal(output_tokens) * Decimal(str(settings.AI_PRICE_OUTPUT_PER_MTOK))
    ) / per_million
    return cost.quantize(Decimal("0.01"))


def ai_usage_by_gym(
    *,
    since: date | None = None,
    until: date | None = None,
    gym_id: int | None = None,
    where: Q | None = None,
) -> list[GymAIUsage]:
    """AI answers and tokens per gym over [since, until] (gym-local dates), summed in
    SQL: one grouped query over the usage rows, whatever the number of members.
    `where` narrows the usage rows further (the owner's overview gives each gym its
    own gym-local window). Cached answers cost nothing and are not counted here
    (ChatMessage has them)."""
    rows = AIUsage.objects.all()
    if since is not None:
        rows = rows.filter(date__gte=since)
    if where is not None:
        rows = rows.filter(where)
    if until is not None:
        rows = rows.filter(date__lte=until)
    if gym_id is not None:
        rows = rows.filter(member__gym_id=gym_id)
    grouped = (
        rows.values("member__gym_id", "member__gym__name")
        .annotate(
            members=Count("member_id", distinct=True, filter=Q(used__gt=0)),
            answers=Sum("used"),
            input_tokens=Sum("input_tokens"),
            output_tokens=Sum("output_tokens"),
        )
        .order_by("member__gym_id")
    )
    return [
        {
            "gym_id": row["member__gym_id"],
            "gym_name": row["member__gym__name"],
            "members": row["members"],
            "answers": row["answers"] or 0,
            "input_tokens": row["input_tokens"] or 0,
            "output_tokens": row["output_tokens"] or 0,
            "estimated_cost_usd": estimated_cost(
                input_tokens=row["input_tokens"] or 0, output_tokens=row["output_tokens"] or 0
            ),
        }
        for row in grouped
    ]

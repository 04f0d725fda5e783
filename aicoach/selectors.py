"""AI coach reads."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from django.conf import settings

from aicoach.models import AIUsage
from gymintel.clock import gym_today, next_local_midnight
from members.models import Member, SubscriptionStatus


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

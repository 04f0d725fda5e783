"""Gym-local calendar arithmetic. Every "today" in GymIntel is the gym's today."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def _zone(tz: str | ZoneInfo) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def gym_now(tz: str | ZoneInfo) -> datetime:
    return timezone.now().astimezone(_zone(tz))


def gym_today(tz: str | ZoneInfo) -> date:
    return gym_now(tz).date()


def next_local_midnight(tz: str | ZoneInfo) -> datetime:
    """When the gym's next day starts, as an aware datetime (quotas reset then)."""
    zone = _zone(tz)
    tomorrow = gym_today(zone) + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=zone)


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())

"""The old system's dates, made gym-local (docs/MIGRATION.md, "Dates").

Its server ran on UTC and computed `date` columns from its own clock, so a log made at
23:30 in Sydney carries the UTC date, a day early. A log whose `date` equals the UTC
date of its `createdAt` was dated by that clock: the gym-local date of `createdAt` is
what the member meant. Any other `date` was chosen by the member (a backdated log) and
is kept. Timestamps (`createdAt`, challenge windows) are UTC instants.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def instant(value: datetime) -> datetime:
    """An old naive UTC timestamp as an aware instant."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def local_date(value: datetime, zone: ZoneInfo) -> date:
    return instant(value).astimezone(zone).date()


def log_date(*, day: date, created_at: datetime, zone: ZoneInfo) -> date:
    if day == instant(created_at).astimezone(UTC).date():
        return local_date(created_at, zone)
    return day


def day_of(value: datetime | date | None, zone: ZoneInfo) -> date | None:
    """A stored day (lastActiveDate): midnight UTC is a server-clock date, kept as the
    date; any other instant is read in the gym's zone."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return value
    if instant(value).astimezone(UTC).time() == time(0, 0):
        return instant(value).astimezone(UTC).date()
    return local_date(value, zone)

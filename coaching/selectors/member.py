"""One member as their coach sees them: daily totals, compliance, recent logs, check-ins.

The member page costs four queries: the member (with the scope check), 30 days of daily
totals grouped by date, the latest logs, the latest check-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import Member
from coaching.selectors.scope import StaffScope, scope_members
from gymintel.errors import NotFound
from members.models import CheckIn, DailyLog, LogType

CHART_DAYS = 30
COMPLIANCE_TOLERANCE = Decimal("0.15")  # within 15% of the target, either way


@dataclass(frozen=True)
class DayTotals:
    day: date
    calories: int | None  # None: no meal with a calorie estimate that day
    protein: Decimal | None
    meals: int = 0
    training: int = 0
    water: int = 0

    @property
    def logs(self) -> int:
        return self.meals + self.training + self.water


@dataclass(frozen=True)
class Compliance:
    """Days whose intake was within 15% of the target, over a window of days."""

    days: int
    calories: int | None  # None: no target set
    protein: int | None


def member_for_staff(*, scope: StaffScope, member_id: int) -> Member:
    """The member if the scope may see them (deactivated ones included), else NotFound.

    A coach's unassigned member and another gym's member look exactly alike: not found.
    """
    members = scope_members(scope, include_deactivated=True).select_related("user")
    member = members.filter(pk=member_id).first()
    if member is None:
        raise NotFound("No such member.")
    return member


def daily_totals(*, member_id: int, until: date, days: int = CHART_DAYS) -> list[DayTotals]:
    """One entry per day of the window ending `until`, days without logs included."""
    since = until - timedelta(days=days - 1)
    meal = Q(type=LogType.MEAL)
    rows = (
        DailyLog.objects.filter(member_id=member_id, date__gte=since, date__lte=until)
        .values("date")
        .annotate(
            calories=Sum("estimated_calories", filter=meal),
            protein=Sum("estimated_protein", filter=meal),
            meals=Count("id", filter=meal),
            training=Count("id", filter=Q(type=LogType.TRAINING)),
            water=Count("id", filter=Q(type=LogType.WATER)),
        )
        .order_by()
    )
    by_day = {row["date"]: row for row in rows}
    out = []
    for offset in range(days):
        day = since + timedelta(days=offset)
        row = by_day.get(day)
        if row is None:
            out.append(DayTotals(day=day, calories=None, protein=None))
        else:
            protein = row["protein"]
            out.append(
                DayTotals(
                    day=day,
                    calories=row["calories"],
                    protein=Decimal(protein) if protein is not None else None,
                    meals=row["meals"],
                    training=row["training"],
                    water=row["water"],
                )
            )
    return out


def within_target(value: int | Decimal | None, target: int | None) -> bool:
    if value is None or not target:
        return False
    return abs(Decimal(value) - target) <= COMPLIANCE_TOLERANCE * target


def compliance(
    totals: list[DayTotals], *, days: int, calorie_target: int | None, protein_target: int | None
) -> Compliance:
    """Over the last `days` complete days (today is still being eaten, so it is left out).

    A day with no meal logged counts as off target: the denominator is always `days`.
    """
    window = totals[:-1][-days:]
    return Compliance(
        days=days,
        calories=(
            sum(within_target(t.calories, calorie_target) for t in window)
            if calorie_target
            else None
        ),
        protein=(
            sum(within_target(t.protein, protein_target) for t in window)
            if protein_target
            else None
        ),
    )


def recent_logs(*, member_id: int, limit: int = 20) -> QuerySet[DailyLog]:
    return DailyLog.objects.filter(member_id=member_id).only(
        "id",
        "date",
        "type",
        "estimated_calories",
        "estimated_protein",
        "notes",
        "photo_key",
        "created_at",
    )[:limit]


def recent_checkins(*, member_id: int, limit: int = 12) -> list[CheckIn]:
    """Newest first (index checkin_member_newest)."""
    return list(
        CheckIn.objects.filter(member_id=member_id).only("id", "date", "weight", "notes")[:limit]
    )

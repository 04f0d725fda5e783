"""The coach dashboard: one row per member, computed by the database in three queries.

Queries, whatever the number of members: (1) how many members match, (2) the page of
members with every weekly and 30-day figure aggregated over one LEFT JOIN to their logs
of the last 30 days (`FilteredRelation`, so older history is never read), (3) the latest
four check-ins of the page's members, numbered per member with ROW_NUMBER().
The old dashboard ran 1+3N queries; see docs/PERFORMANCE.md for the measured ratio.

Definitions (README, "Coach dashboard and staff pages"):
- logs_this_week: logs dated from this week's Monday (gym-local) to today, by type.
- calories/protein_avg_this_week: average daily intake over this week's days that have at
  least one meal log carrying that estimate (a coach's "what do they eat on days they log"),
  not the mean per log and not diluted by days without logs.
- active_days_30: distinct dates with any log among the 30 days ending today (today included).
- needs_attention: see `needs_attention_q`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DateField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.fields import BooleanField
from django.db.models.functions import Coalesce, RowNumber

from accounts.models import Member
from coaching.selectors.scope import (  # re-exported: callers import them from here
    DashboardPage,
    PageOutOfRange,
    StaffScope,
    scope_members,
)
from gymintel.clock import gym_today, week_start
from media_store.selectors import avatar_url
from members.models import CheckIn, DailyLog, LogType

LOG_TYPES = tuple(LogType.values)  # ("meal", "training", "water"), read once
ACTIVE_WINDOW_DAYS = 30
RECENT_WINDOW_DAYS = 7
QUIET_DAYS = 3  # no log for this many days or more needs attention
MIN_ACTIVE_DAYS = 10  # of the last 30
RECENT_WEIGHTS = 4
# "Down by a fifth or more": share_7 <= (1 - 1/5) * share_30, i.e. a7/7 <= 0.8 * a30/30,
# kept in integers: 30 * 5 * a7 <= 4 * 7 * a30  <=>  150 * a7 <= 28 * a30.
_DROP_LHS, _DROP_RHS = 150, 28

_ROW_FIELDS = (
    "id",
    "avatar_key",
    "member_name",
    *(f"week_{kind}" for kind in LOG_TYPES),
    "week_calories",
    "week_calorie_days",
    "week_protein",
    "week_protein_days",
    "active_days_30",
    "last_log_date",
    "needs_attention",
)

SORTS = {
    "name": ("member_name", "id"),
    "-name": ("-member_name", "-id"),
    "last_log": (F("last_log_date").asc(nulls_first=True), "member_name", "id"),
    "-last_log": (F("last_log_date").desc(nulls_last=True), "member_name", "id"),
    "active_days": ("active_days_30", "member_name", "id"),
    "-active_days": ("-active_days_30", "member_name", "id"),
}
DEFAULT_SORT = "name"


def needs_attention_q(today: date) -> Q:
    """The one definition of "needs attention", usable as a filter and as an annotation.

    No log for QUIET_DAYS days or more (last log on or before today - 3, or never), or
    fewer than 10 active days of 30, or the share of active days over the last 7 down by
    a fifth or more against the share over 30.
    """
    return (
        # "Last log on or before today - 3, or never" is "no log in the last 3 days": the
        # same fact read off the 30-day join, with no per-row subquery.
        Q(active_days_quiet=0)
        | Q(active_days_30__lt=MIN_ACTIVE_DAYS)
        | Q(active_days_30__gt=0, drop_lhs__lte=F("drop_rhs"))
    )


def with_activity(members: QuerySet[Member], today: date) -> QuerySet[Member]:
    """`members` annotated with the figures "needs attention" is made of, and with it.

    The one place the dashboard's activity definitions are computed: the coach
    dashboard builds its rows on it, and the owner's per-gym and per-coach counts count
    its `active_days_7` and `needs_attention` (owner.selectors). Adds: active_days_30,
    active_days_7, active_days_quiet (days with a log among the last QUIET_DAYS),
    needs_attention; and the join `recent` (logs of the 30 days ending today) for
    further aggregates.
    """
    since_30 = today - timedelta(days=ACTIVE_WINDOW_DAYS - 1)
    since_7 = today - timedelta(days=RECENT_WINDOW_DAYS - 1)
    since_quiet = today - timedelta(days=QUIET_DAYS - 1)
    # One LEFT JOIN restricted to the 30-day window (index log_member_date); every
    # figure below is a filtered aggregate over it, so members without logs keep a row.
    recent = FilteredRelation("logs", condition=Q(logs__date__gte=since_30, logs__date__lte=today))
    return (
        members.annotate(
            recent=recent,
            active_days_30=Count("recent__date", distinct=True),
            active_days_7=Count("recent__date", distinct=True, filter=Q(recent__date__gte=since_7)),
            active_days_quiet=Count(
                "recent__date", distinct=True, filter=Q(recent__date__gte=since_quiet)
            ),
        )
        .alias(
            drop_lhs=F("active_days_7") * Value(_DROP_LHS),
            drop_rhs=F("active_days_30") * Value(_DROP_RHS),
        )
        .annotate(
            needs_attention=ExpressionWrapper(
                needs_attention_q(today), output_field=BooleanField()
            ),
        )
    )


def _annotated(members: QuerySet[Member], today: date) -> QuerySet[Member]:
    monday = week_start(today)
    week = Q(recent__date__gte=monday)
    meal_week = week & Q(recent__type=LogType.MEAL)
    last_log = (
        DailyLog.objects.filter(member=OuterRef("pk"), date__lte=today)
        .order_by("-date")
        .values("date")[:1]
    )
    per_type = {
        f"week_{kind}": Count("recent", filter=week & Q(recent__type=kind)) for kind in LOG_TYPES
    }
    return with_activity(members, today).annotate(
        member_name=F("user__name"),
        **per_type,
        week_calories=Sum("recent__estimated_calories", filter=meal_week),
        week_calorie_days=Count(
            "recent__date",
            distinct=True,
            filter=meal_week & Q(recent__estimated_calories__isnull=False),
        ),
        week_protein=Sum("recent__estimated_protein", filter=meal_week),
        week_protein_days=Count(
            "recent__date",
            distinct=True,
            filter=meal_week & Q(recent__estimated_protein__isnull=False),
        ),
        # The window's latest date when there is one; only members quiet for 30 days pay
        # for the subquery (COALESCE stops at its first non-null argument).
        last_log_date=Coalesce(Max("recent__date"), Subquery(last_log), output_field=DateField()),
    )


def _dashboard_queryset(
    scope: StaffScope, today: date, *, sort: str, needs_attention: bool
) -> QuerySet[Member]:
    members = _annotated(scope_members(scope), today)
    if needs_attention:
        members = members.filter(needs_attention_q(today))
    # Plain dicts, not model instances: a row is read once, straight into the answer.
    return members.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT])).values(*_ROW_FIELDS)


def recent_weights(member_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The latest four check-ins of each member, newest first: one query for them all."""
    if not member_ids:
        return {}
    checkins = (
        CheckIn.objects.filter(member_id__in=member_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("member_id")],
                order_by=[F("date").desc(), F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=RECENT_WEIGHTS)
        .order_by("member_id", "rank")
        .values_list("member_id", "weight", "date")
    )
    weights: dict[int, list[dict[str, Any]]] = {pk: [] for pk in member_ids}
    for member_id, weight, day in checkins:
        weights[member_id].append({"weight": float(weight), "date": day.isoformat()})
    return weights


def _average(total: Decimal | int | None, days: int, places: str) -> float | int | None:
    if not days or total is None:
        return None
    value = (Decimal(total) / days).quantize(Decimal(places), rounding=ROUND_HALF_UP)
    return int(value) if places == "1" else float(value)


def _rows(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    weights = recent_weights([m["id"] for m in members])
    return [
        {
            "member": {
                "id": m["id"],
                "name": m["member_name"],
                "avatar_url": avatar_url(m["avatar_key"], size="small"),
            },
            "logs_this_week": {kind: m[f"week_{kind}"] for kind in LOG_TYPES},
            "calories_avg_this_week": _average(m["week_calories"], m["week_calorie_days"], "1"),
            "protein_avg_this_week": _average(m["week_protein"], m["week_protein_days"], "0.1"),
            "active_days_30": m["active_days_30"],
            "last_log_date": m["last_log_date"].isoformat() if m["last_log_date"] else None,
            "recent_weights": weights[m["id"]],
            "needs_attention": bool(m["needs_attention"]),
        }
        for m in members
    ]


def dashboard_page(
    *,
    scope: StaffScope,
    page: int = 1,
    page_size: int = 100,
    sort: str = DEFAULT_SORT,
    needs_attention: bool = False,
    today: date | None = None,
) -> DashboardPage:
    """One page of dashboard rows (the API and the /coach/ page both call this).

    Three queries: the count (on the plain scope unless the attention filter needs the
    aggregates), the page of aggregated rows, the page's recent weights.
    """
    today = today or gym_today(scope.gym_tz)
    members = _dashboard_queryset(scope, today, sort=sort, needs_attention=needs_attention)
    count = members.count() if needs_attention else scope_members(scope).count()
    result = DashboardPage(count=count, page=page, page_size=page_size)
    if page < 1 or (page > result.num_pages):
        raise PageOutOfRange(page, result.num_pages)
    offset = (page - 1) * page_size
    result.rows = _rows(list(members[offset : offset + page_size]))
    return result


def dashboard_batches(
    *,
    scope: StaffScope,
    sort: str = DEFAULT_SORT,
    needs_attention: bool = False,
    batch_size: int = 500,
    today: date | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Every row of the scope, a batch at a time (the CSV export): two queries per batch.

    Keyset pagination would need a unique sort key per sort order; members of one gym
    number in the hundreds, so offsets over a stable order (name/date, then id) suffice.
    """
    today = today or gym_today(scope.gym_tz)
    members = _dashboard_queryset(scope, today, sort=sort, needs_attention=needs_attention)
    offset = 0
    while True:
        batch = list(members[offset : offset + batch_size])
        if not batch:
            return
        yield _rows(batch)
        if len(batch) < batch_size:
            return
        offset += batch_size

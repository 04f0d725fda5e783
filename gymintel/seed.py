"""Demo data for `manage.py seed_demo`: realistic, deterministic, bulk-inserted.

History covers the D days before each gym's local today and nothing dated today.
Standings are built the way challenges.services scores live actions (same rules,
same ledger sources), so leaderboards, streaks and `audit_points` agree from the start.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Gym, Member, Staff, SubscriptionStatus, User
from accounts.roles import Role
from challenges.models import SCORING_KINDS, Challenge, Participant, PointEntry
from coaching.models import CoachAssignment
from gymintel.clock import gym_today
from members.models import CheckIn, DailyLog

# The first three differ in UTC offset whatever the season: UTC-8/-7, UTC+0/+1, UTC+10/+11.
TIMEZONES = [
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Tokyo",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Pacific/Auckland",
    "Africa/Johannesburg",
]
CITIES = [
    "Venice Beach",
    "Shoreditch",
    "Bondi",
    "Shibuya",
    "Brooklyn",
    "Kreuzberg",
    "Bandra",
    "Pinheiros",
    "Ponsonby",
    "Braamfontein",
]
FIRST = [
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Casey",
    "Riley",
    "Morgan",
    "Jamie",
    "Avery",
    "Quinn",
    "Maya",
    "Leo",
    "Zoe",
    "Omar",
    "Ines",
    "Kenji",
    "Priya",
    "Lucas",
    "Amara",
    "Noah",
]
LAST = [
    "Silva",
    "Smith",
    "Tanaka",
    "Müller",
    "Okafor",
    "Garcia",
    "Nguyen",
    "Kowalski",
    "Haddad",
    "Johansson",
    "Patel",
    "Rossi",
    "Kim",
    "Dubois",
    "Moreno",
    "Byrne",
]
MEALS = [
    ("Oats with berries", 380, 12),
    ("Chicken rice bowl", 650, 45),
    ("Greek yogurt", 180, 17),
    ("Salmon and greens", 520, 38),
    ("Protein shake", 220, 30),
    ("Veggie wrap", 430, 14),
    ("Steak and potatoes", 780, 55),
    ("Lentil soup", 350, 18),
    ("Tuna salad", 410, 35),
    ("Eggs on toast", 390, 22),
    ("Pasta bolognese", 720, 32),
    ("Tofu stir-fry", 480, 26),
]
GOALS = [
    "Lose 5 kg before summer",
    "Build muscle",
    "Run a half marathon",
    "Eat more protein",
    "Feel stronger",
    "Keep consistent",
]
STATUSES = [SubscriptionStatus.ACTIVE] * 8 + [
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.PAST_DUE,
    SubscriptionStatus.PAUSED,
    SubscriptionStatus.CANCELED,
]
BATCH = 5000


@dataclass(frozen=True)
class SeedOptions:
    gyms: int = 3
    members_per_gym: int = 60
    coaches_per_gym: int = 2
    days: int = 30
    password: str = "demo-pass-123"  # noqa: S105 (the documented demo password)
    seed: int = 1


@dataclass
class SeedSummary:
    gyms: int = 0
    users: int = 0
    logs: int = 0
    checkins: int = 0
    ledger_entries: int = 0


def seed_demo(opts: SeedOptions, progress: Callable[[int], None] = lambda n: None) -> SeedSummary:
    """Create the demo gyms. `progress(n)` is told of each member finished."""
    rng = random.Random(opts.seed)
    password_hash = make_password(opts.password)  # one slow hash, shared by every demo user
    summary = SeedSummary()
    for g in range(1, opts.gyms + 1):
        with transaction.atomic():
            _seed_gym(g, opts, rng, password_hash, summary, progress)
    return summary


def _seed_gym(g, opts, rng, password_hash, summary, progress) -> None:
    tz = TIMEZONES[(g - 1) % len(TIMEZONES)]
    gym = Gym.objects.create(name=f"GymIntel {CITIES[(g - 1) % len(CITIES)]} #{g}", timezone=tz)
    today = gym_today(tz)
    first_day = today - timedelta(days=opts.days)

    staff_users = [User(email=f"admin{g}@demo.gym", name=f"Admin {g}", password=password_hash)]
    staff_users += [
        User(
            email=f"coach{g}-{c}@demo.gym",
            name=f"Coach {FIRST[c % len(FIRST)]} {g}-{c}",
            password=password_hash,
        )
        for c in range(1, opts.coaches_per_gym + 1)
    ]
    member_users = [
        User(
            email=f"member{g}-{m}@demo.gym",
            password=password_hash,
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        )
        for m in range(1, opts.members_per_gym + 1)
    ]
    User.objects.bulk_create(staff_users + member_users, batch_size=BATCH)
    summary.users += len(staff_users) + len(member_users)

    staff = [Staff(user=staff_users[0], gym=gym, role=Role.ADMIN)] + [
        Staff(user=u, gym=gym, role=Role.COACH) for u in staff_users[1:]
    ]
    Staff.objects.bulk_create(staff)
    coaches = staff[1:]
    members = Member.objects.bulk_create(
        [
            Member(
                user=u,
                gym=gym,
                subscription_status=rng.choice(STATUSES),
                goal=rng.choice(GOALS),
                calorie_target=rng.choice([1800, 2000, 2200, 2500]),
                protein_target=rng.choice([100, 120, 140, 160]),
            )
            for u in member_users
        ],
        batch_size=BATCH,
    )
    if coaches:
        CoachAssignment.objects.bulk_create(
            [
                CoachAssignment(member=mb, coach=coaches[i % len(coaches)])
                for i, mb in enumerate(members)
            ],
            batch_size=BATCH,
        )

    start_at = datetime.combine(first_day, time(6, 0), tzinfo=ZoneInfo(tz))
    challenge = Challenge.objects.create(
        gym=gym,
        name=f"{CITIES[(g - 1) % len(CITIES)]} 60-day challenge",
        starts_on=first_day,
        ends_on=today + timedelta(days=30),
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(challenge=challenge, member=mb, joined_at=start_at + timedelta(seconds=i))
            for i, mb in enumerate(members)
        ],
        batch_size=BATCH,
    )

    for chunk_start in range(0, len(members), 100):
        chunk = list(
            zip(
                members[chunk_start : chunk_start + 100],
                participants[chunk_start : chunk_start + 100],
                strict=True,
            )
        )
        logs, checkins = [], []
        for member, _ in chunk:
            _history(member, first_day, today, tz, rng, logs, checkins)
        DailyLog.objects.bulk_create(logs, batch_size=BATCH)
        CheckIn.objects.bulk_create(checkins, batch_size=BATCH)
        entries = _score_history(challenge, chunk, logs, checkins)
        PointEntry.objects.bulk_create(entries, batch_size=BATCH)
        Participant.objects.bulk_update(
            [p for _, p in chunk],
            [
                "meal_points",
                "training_points",
                "water_points",
                "checkin_points",
                "streak_points",
                "total_points",
                "current_streak",
                "last_active_date",
            ],
            batch_size=BATCH,
        )
        summary.logs += len(logs)
        summary.checkins += len(checkins)
        summary.ledger_entries += len(entries)
        progress(len(chunk))
    summary.gyms += 1


def _local_moment(day: date, hour: int, minute: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(tz))


def _history(member, first_day, today, tz, rng, logs, checkins) -> None:
    """A member's logs and weekly check-ins; adherence varies from member to member."""
    adherence = rng.choice([0.2, 0.45, 0.7, 0.85, 0.95])
    weight = Decimal(rng.randint(550, 1100)) / 10
    trend = Decimal(rng.choice([-3, -2, -1, 0, 1])) / 10
    checkin_weekday = rng.randrange(7)
    # Members who drifted away recently make the "needs attention" filter meaningful.
    quit_after = today - timedelta(days=rng.choice([1, 1, 1, 2, 4, 6]))
    day = first_day
    while day < today:
        if day <= quit_after and rng.random() < adherence:
            for meal_no in range(rng.choice([1, 2, 3, 3, 4])):
                name, kcal, protein = rng.choice(MEALS)
                logs.append(
                    DailyLog(
                        member=member,
                        date=day,
                        type="meal",
                        notes=name,
                        estimated_calories=kcal + rng.randint(-60, 60),
                        estimated_protein=Decimal(protein + rng.randint(-4, 4)),
                        created_at=_local_moment(day, 7 + meal_no * 4, rng.randint(0, 59), tz),
                    )
                )
            if rng.random() < 0.6:
                logs.append(
                    DailyLog(
                        member=member,
                        date=day,
                        type="training",
                        notes=rng.choice(["Legs", "Push", "Pull", "Cardio", "Yoga"]),
                        created_at=_local_moment(day, 18, rng.randint(0, 59), tz),
                    )
                )
            for _ in range(rng.choice([0, 1, 1, 2])):
                logs.append(
                    DailyLog(
                        member=member,
                        date=day,
                        type="water",
                        created_at=_local_moment(day, 12, rng.randint(0, 59), tz),
                    )
                )
        if day.weekday() == checkin_weekday and day <= quit_after:
            weight = max(Decimal("40.0"), weight + trend + Decimal(rng.randint(-3, 3)) / 10)
            checkins.append(
                CheckIn(
                    member=member, date=day, weight=weight, created_at=_local_moment(day, 8, 0, tz)
                )
            )
        day += timedelta(days=1)


def _score_history(challenge, chunk, logs, checkins) -> list[PointEntry]:
    """Score past actions as if each had arrived on its own day, in time order."""
    by_member: dict[int, list] = {}
    for log in logs:
        by_member.setdefault(log.member_id, []).append(
            (log.created_at, log.type, f"log:{log.pk}", log.date)
        )
    for ci in checkins:
        by_member.setdefault(ci.member_id, []).append(
            (ci.created_at, "checkin", f"checkin:{ci.pk}", ci.date)
        )
    entries: list[PointEntry] = []
    for member, participant in chunk:
        counts: dict[tuple[date, str], int] = {}
        points = dict.fromkeys(SCORING_KINDS, 0)
        active_days: list[date] = []
        for created_at, kind, source, day in sorted(by_member.get(member.pk, [])):
            if not challenge.starts_on <= day <= challenge.ends_on:
                continue
            if counts.get((day, kind), 0) >= challenge.cap_for(kind):
                continue
            counts[(day, kind)] = counts.get((day, kind), 0) + 1
            earned = challenge.points_for(kind)
            points[kind] += earned
            entries.append(
                PointEntry(
                    participant=participant,
                    kind=kind,
                    source=source,
                    local_date=day,
                    points=earned,
                    created_at=created_at,
                )
            )
            if not active_days or active_days[-1] != day:
                streak_continues = active_days and active_days[-1] == day - timedelta(days=1)
                participant.current_streak = (
                    participant.current_streak + 1 if streak_continues else 1
                )
                active_days.append(day)
                entries.append(
                    PointEntry(
                        participant=participant,
                        kind="streak",
                        source=f"streak:{day.isoformat()}",
                        local_date=day,
                        points=challenge.streak_bonus,
                        created_at=created_at,
                    )
                )
        for kind in SCORING_KINDS:
            setattr(participant, f"{kind}_points", points[kind])
        participant.streak_points = challenge.streak_bonus * len(active_days)
        participant.total_points = sum(points.values()) + participant.streak_points
        participant.last_active_date = active_days[-1] if active_days else None
        if not active_days:
            participant.current_streak = 0
    return entries


def demo_logins(opts: SeedOptions) -> list[str]:
    lines = [f"Django admin (superuser): root@demo.gym / {opts.password}"]
    for g in range(1, min(opts.gyms, 2) + 1):
        lines.append(f"Gym {g} admin:  admin{g}@demo.gym / {opts.password}")
        if opts.coaches_per_gym:
            lines.append(f"Gym {g} coach:  coach{g}-1@demo.gym / {opts.password}")
        lines.append(f"Gym {g} member: member{g}-1@demo.gym / {opts.password}")
    return lines


def create_superuser(opts: SeedOptions) -> None:
    if not User.objects.filter(email="root@demo.gym").exists():
        User.objects.create_superuser("root@demo.gym", opts.password, name="Root")

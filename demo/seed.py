"""Demo data for `manage.py seed_demo`: realistic, deterministic, bulk-inserted.

History covers the D days before each gym's local today and nothing dated today.
Members are drawn from personas (demo.personas); their history is scored through the
same award decision live scoring makes (demo.replay), so leaderboards, streaks and
`audit_points` agree from the start. Each member also gets saved meals and some an AI
coach history (demo.member_app), so the member app opens on something.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Gym, Member, Staff, User
from accounts.roles import Role
from accounts.services import owner_create
from aicoach.models import ChatMessage
from challenges.models import Challenge, Participant, PointEntry
from challenges.rules import Rules, checkin_source, log_source
from coaching.models import CoachAssignment
from demo.bulk import BATCH, insert_rows
from demo.history import CHECKIN_FIELDS, LOG_FIELDS, History, member_history
from demo.member_app import CHAT_FIELDS, SAVED_MEAL_FIELDS, AppRows, member_app_rows
from demo.names import CITIES, FIRST, LAST, STATUSES, TIMEZONES
from demo.personas import deal, profile
from demo.replay import ENTRY_FIELDS, PastAction, replay
from gymintel.clock import gym_today
from members.models import CheckIn, DailyLog, SavedMeal

CHUNK = 100  # members generated, written and scored together: memory stays flat


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
    saved_meals: int = 0
    chat_messages: int = 0


def seed_demo(opts: SeedOptions, progress: Callable[[int], None] = lambda n: None) -> SeedSummary:
    """Create the demo gyms. `progress(n)` is told of each member finished."""
    rng = random.Random(opts.seed)
    # The member app's rows draw from their own stream, so adding them left the logs,
    # check-ins and standings of a given --seed as they were.
    app_rng = random.Random(f"member-app:{opts.seed}")
    password_hash = make_password(opts.password)  # one slow hash, shared by every demo user
    summary = SeedSummary()
    for g in range(1, opts.gyms + 1):
        with transaction.atomic():
            _seed_gym(g, opts, rng, app_rng, password_hash, summary, progress)
    return summary


def _seed_gym(g, opts, rng, app_rng, password_hash, summary, progress) -> None:
    tz = TIMEZONES[(g - 1) % len(TIMEZONES)]
    zone = ZoneInfo(tz)
    city = CITIES[(g - 1) % len(CITIES)]
    gym = Gym.objects.create(name=f"GymIntel {city} #{g}", timezone=tz)
    today = gym_today(tz)
    first_day = today - timedelta(days=opts.days)
    coaches = _staff(gym, g, opts, password_hash)
    profiles = [profile(rng, persona, today) for persona in deal(rng, opts.members_per_gym)]
    members = _members(gym, g, profiles, rng, password_hash)
    summary.users += 1 + len(coaches) + len(members)
    if coaches:
        CoachAssignment.objects.bulk_create(
            [
                CoachAssignment(member=mb, coach=coaches[i % len(coaches)])
                for i, mb in enumerate(members)
            ],
            batch_size=BATCH,
        )

    challenge = Challenge.objects.create(
        gym=gym,
        name=f"{city} 60-day challenge",
        starts_on=first_day,
        ends_on=today + timedelta(days=30),
    )
    start_at = datetime.combine(first_day, time(6, 0), tzinfo=zone)
    for at in range(0, len(members), CHUNK):
        chunk = members[at : at + CHUNK]
        history, app = History(), AppRows()
        for i, (member, who) in enumerate(zip(chunk, profiles[at : at + CHUNK], strict=True)):
            member_history(
                rng,
                member_id=member.pk,
                who=who,
                first_day=first_day,
                today=today,
                zone=zone,
                into=history,
            )
            member_app_rows(
                app_rng,
                member_id=member.pk,
                who=who,
                first_in_gym=at + i == 0,
                today=today,
                zone=zone,
                into=app,
            )
        # Joined one second apart, in member order: the leaderboard's tie-break.
        joined = [start_at + timedelta(seconds=at + i) for i in range(len(chunk))]
        summary.ledger_entries += _write_and_score(challenge, chunk, joined, history)
        summary.logs += len(history.logs)
        summary.checkins += len(history.checkins)
        insert_rows(SavedMeal, SAVED_MEAL_FIELDS, app.saved_meals)
        insert_rows(ChatMessage, CHAT_FIELDS, app.chats)
        summary.saved_meals += len(app.saved_meals)
        summary.chat_messages += len(app.chats)
        progress(len(chunk))
    summary.gyms += 1


def _staff(gym: Gym, g: int, opts: SeedOptions, password_hash: str) -> list[Staff]:
    """The gym's admin and coaches; returns the coaches."""
    users = [User(email=f"admin{g}@demo.gym", name=f"Admin {g}", password=password_hash)]
    users += [
        User(
            email=f"coach{g}-{c}@demo.gym",
            name=f"Coach {FIRST[c % len(FIRST)]} {g}-{c}",
            password=password_hash,
        )
        for c in range(1, opts.coaches_per_gym + 1)
    ]
    User.objects.bulk_create(users)
    staff = [Staff(user=users[0], gym=gym, role=Role.ADMIN)] + [
        Staff(user=u, gym=gym, role=Role.COACH) for u in users[1:]
    ]
    Staff.objects.bulk_create(staff)
    return staff[1:]


def _members(gym: Gym, g: int, profiles: list, rng, password_hash: str) -> list[Member]:
    users = User.objects.bulk_create(
        [
            User(
                email=f"member{g}-{m}@demo.gym",
                password=password_hash,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            )
            for m in range(1, len(profiles) + 1)
        ],
        batch_size=BATCH,
    )
    return Member.objects.bulk_create(
        [
            Member(
                user=u,
                gym=gym,
                subscription_status=rng.choice(STATUSES),
                goal=who.goal,
                calorie_target=who.calorie_target,
                protein_target=who.protein_target,
            )
            for u, who in zip(users, profiles, strict=True)
        ],
        batch_size=BATCH,
    )


def _write_and_score(challenge: Challenge, members: list[Member], joined: list, history) -> int:
    """Insert the chunk's logs and check-ins, replay them, then insert each member's
    participation with the standing it built and the ledger rows behind it (no UPDATE
    afterwards). Returns the number of ledger rows written."""
    log_ids = insert_rows(DailyLog, (*LOG_FIELDS, "created_at"), history.logs)
    checkin_ids = insert_rows(CheckIn, CHECKIN_FIELDS, history.checkins)
    actions: dict[int, list[PastAction]] = {m.pk: [] for m in members}
    for pk, (member_id, day, kind, *_, created_at) in zip(log_ids, history.logs, strict=True):
        actions[member_id].append(PastAction(created_at, kind, log_source(pk), day))
    for pk, (member_id, day, _, created_at) in zip(checkin_ids, history.checkins, strict=True):
        actions[member_id].append(PastAction(created_at, "checkin", checkin_source(pk), day))
    rules = Rules.of(challenge)
    participants, earned = [], []
    for member, joined_at in zip(members, joined, strict=True):
        standing, entries = replay(
            rules=rules,
            starts_on=challenge.starts_on,
            ends_on=challenge.ends_on,
            actions=actions[member.pk],
        )
        participants.append(
            Participant(
                challenge=challenge, member=member, joined_at=joined_at, **standing.as_fields()
            )
        )
        earned.append(entries)
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    rows = [(p.pk, *e) for p, entries in zip(participants, earned, strict=True) for e in entries]
    insert_rows(PointEntry, ENTRY_FIELDS, rows)
    return len(rows)


def demo_logins(opts: SeedOptions) -> list[str]:
    lines = [
        f"Django admin (superuser): root@demo.gym / {opts.password}",
        f"Chain owner (every gym):  owner@demo.gym / {opts.password}",
    ]
    for g in range(1, min(opts.gyms, 2) + 1):
        lines.append(f"Gym {g} admin:  admin{g}@demo.gym / {opts.password}")
        if opts.coaches_per_gym:
            lines.append(f"Gym {g} coach:  coach{g}-1@demo.gym / {opts.password}")
        lines.append(f"Gym {g} member: member{g}-1@demo.gym / {opts.password}")
    return lines


def create_superuser(opts: SeedOptions) -> None:
    if not User.objects.filter(email="root@demo.gym").exists():
        User.objects.create_superuser("root@demo.gym", opts.password, name="Root")
    create_owner(opts)


def create_owner(opts: SeedOptions) -> None:
    """owner@demo.gym, the chain owner: every gym side by side at /owner/."""
    owner_create(email="owner@demo.gym", password=opts.password, name="Olive Owner")

"""A small chain with figures worked out by hand, on either side of the date line.

At NOW (2025-06-16 03:00 UTC) Los Angeles is on Sunday 15 June (20:00) and Auckland on
Monday 16 June (15:00), so a selector that used one date for every gym (the server's,
or UTC's) would count other days:

Venice (Los Angeles): 7-day window 9..15 June, 30-day window 17 May..15 June.
- steady (coach Cole): a meal every day 17 May..15 June, training 14 June, water 15 June,
  a meal on 16 June (tomorrow there: counts nowhere); check-ins 8 June (out), 9 June (in);
  AI answers: 3 on 17 May (in), 4 on 16 May (out); in the running challenge.
  active_days_30 30, active_days_7 7: active, not needing attention.
- lapsed (coach Cole): a meal every day 17 May..5 June (20 days), a check-in 15 June;
  in a challenge that ended 10 June. Nothing in 7 days: not active, needs attention.
- newbie (coach Dee): nothing at all: needs attention.
- closed: a deactivated account with logs, a check-in and a running challenge: counts
  nowhere.
  => members 3, active_7d 1, needs_attention 2, logs_7d meal 7 training 1 water 1,
     checkins_7d 2, coaches 2 (an admin is not one), members per coach 1.5,
     AI answers 3, challenge participants 1.
Ponsonby (Auckland): 7-day window 10..16 June.
- kiri: meals on 16 June (today there) and 9 June (outside 7 days): active, and with 2
  active days of 30 needs attention. No coach.
  => members 1, active_7d 1, needs_attention 1, logs_7d meal 1, no coaches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Gym, Member, Staff
from accounts.roles import Role
from accounts.tests.factories import GymFactory, MemberFactory, StaffFactory
from aicoach.models import AIUsage
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from coaching.tests.factories import CoachAssignmentFactory
from members.tests.factories import CheckInFactory, DailyLogFactory

NOW = dt.datetime(2025, 6, 16, 3, 0, tzinfo=dt.UTC)
D = dt.date


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def log(member: Member, date: dt.date, kind: str = "meal") -> None:
    DailyLogFactory(member=member, date=date, type=kind)


@dataclass
class Chain:
    venice: Gym
    ponsonby: Gym
    cole: Staff
    dee: Staff
    members: dict[str, Member]


def build_chain() -> Chain:
    venice = GymFactory(name="Venice", timezone="America/Los_Angeles")
    ponsonby = GymFactory(name="Ponsonby", timezone="Pacific/Auckland")
    cole = StaffFactory(gym=venice, role=Role.COACH, user__name="Cole Venice")
    dee = StaffFactory(gym=venice, role=Role.COACH, user__name="Dee Venice")
    StaffFactory(gym=venice, role=Role.ADMIN, user__name="Ada Venice")
    m = {
        name: MemberFactory(gym=venice, user__name=name)
        for name in ("steady", "lapsed", "newbie", "closed")
    }
    m["kiri"] = MemberFactory(gym=ponsonby, user__name="kiri")
    for name, coach in (("steady", cole), ("lapsed", cole), ("newbie", dee), ("closed", dee)):
        CoachAssignmentFactory(member=m[name], coach=coach)

    for day in days(D(2025, 5, 17), D(2025, 6, 15)):
        log(m["steady"], day)
    log(m["steady"], D(2025, 6, 14), "training")
    log(m["steady"], D(2025, 6, 15), "water")
    log(m["steady"], D(2025, 6, 16))
    CheckInFactory(member=m["steady"], date=D(2025, 6, 8))
    CheckInFactory(member=m["steady"], date=D(2025, 6, 9))
    AIUsage.objects.create(
        member=m["steady"], date=D(2025, 5, 17), used=3, input_tokens=100_000, output_tokens=20_000
    )
    AIUsage.objects.create(
        member=m["steady"], date=D(2025, 5, 16), used=4, input_tokens=9_000, output_tokens=9_000
    )
    for day in days(D(2025, 5, 17), D(2025, 6, 5)):
        log(m["lapsed"], day)
    CheckInFactory(member=m["lapsed"], date=D(2025, 6, 15))
    for day in days(D(2025, 6, 9), D(2025, 6, 15)):
        log(m["closed"], day)
    CheckInFactory(member=m["closed"], date=D(2025, 6, 12))
    m["closed"].user.is_active = False
    m["closed"].user.save()

    running = ChallengeFactory(gym=venice, starts_on=D(2025, 6, 1), ends_on=D(2025, 6, 30))
    ended = ChallengeFactory(gym=venice, starts_on=D(2025, 5, 1), ends_on=D(2025, 6, 10))
    ParticipantFactory(challenge=running, member=m["steady"])
    ParticipantFactory(challenge=running, member=m["closed"])
    ParticipantFactory(challenge=ended, member=m["lapsed"])

    log(m["kiri"], D(2025, 6, 16))
    log(m["kiri"], D(2025, 6, 9))
    return Chain(venice, ponsonby, cole, dee, m)

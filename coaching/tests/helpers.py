"""Shared helpers for the coaching tests: logging staff in through the real form, and
building a gym of N members fast (bulk inserts) for the query-count tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.test import Client

from accounts.models import Gym, Member, Staff, User
from accounts.tests.factories import PASSWORD
from coaching.models import CoachAssignment
from members.models import CheckIn, DailyLog


def staff_login(client: Client, staff: Staff) -> Client:
    """Log in through /accounts/login/, as a coach would (fills the session context)."""
    response = client.post("/accounts/login/", {"email": staff.user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def make_members(
    *, gym: Gym, coach: Staff | None, count: int, today: dt.date, prefix: str = "bulk"
) -> list[Member]:
    """`count` members (assigned to `coach` when given), each with 10 days of meals and
    water over the last two weeks and five weekly check-ins: bulk inserts only."""
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{i}-{gym.pk}@example.test",
                name=f"{prefix} {i:04d}",
                password=password,
            )
            for i in range(count)
        ]
    )
    members = Member.objects.bulk_create([Member(user=u, gym=gym) for u in users])
    if coach is not None:
        CoachAssignment.objects.bulk_create(
            [CoachAssignment(member=m, coach=coach) for m in members]
        )
    logs, checkins = [], []
    for m in members:
        for day in range(10):
            date = today - dt.timedelta(days=day + (m.pk % 5))
            logs.append(
                DailyLog(
                    member=m,
                    date=date,
                    type="meal",
                    estimated_calories=600,
                    estimated_protein=Decimal("35.0"),
                )
            )
            logs.append(DailyLog(member=m, date=date, type="water"))
        for week in range(5):
            checkins.append(
                CheckIn(
                    member=m,
                    date=today - dt.timedelta(days=7 * week),
                    weight=Decimal("80.0") + week,
                )
            )
    DailyLog.objects.bulk_create(logs, batch_size=5000)
    CheckIn.objects.bulk_create(checkins, batch_size=5000)
    return members

"""Fixtures and helpers for challenge tests: a running challenge, participants, real
threads against PostgreSQL, and logs made the way the member API makes them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from challenges.models import Participant
from challenges.services import score_checkin, score_log
from challenges.tests.factories import ChallengeFactory, ParticipantFactory
from members.models import CheckIn, DailyLog


def at(day: date, hh: int, mm: int, tz: str, ss: int = 0) -> datetime:
    """An instant given as a gym-local wall-clock time."""
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=ZoneInfo(tz))


def log_and_score(member_id: int, day: date, type: str = "meal") -> tuple[DailyLog, int]:
    """What members.services.log_create does: insert and score in one transaction."""
    with transaction.atomic():
        log = DailyLog.objects.create(member_id=member_id, date=day, type=type)
        return log, score_log(log=log)


def checkin_and_score(member_id: int, day: date) -> tuple[CheckIn, int]:
    with transaction.atomic():
        checkin = CheckIn.objects.create(member_id=member_id, date=day, weight="80.0")
        return checkin, score_checkin(checkin=checkin)


def run_in_threads(n: int, work: Callable[[int], object]) -> list:
    """Run work(0..n-1) in n real threads released together; returns their results.

    Each thread has its own database connection and closes it at the end; any
    exception in a thread fails the test.
    """
    barrier = threading.Barrier(n)
    results: list = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


def standing(participant: Participant) -> Participant:
    participant.refresh_from_db()
    return participant


@pytest.fixture
def challenge(gym):
    """The gym's running challenge with the default rules (meal 5 x3, training 10 x2,
    water 2 x1, check-in 15 x1, streak bonus 5), wide around any travelled-to date."""
    return ChallengeFactory(
        gym=gym,
        starts_on=date(2020, 1, 1),
        ends_on=date(2035, 12, 31),
    )


@pytest.fixture
def participant(challenge, member):
    return ParticipantFactory(challenge=challenge, member=member)


def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]

"""Fixtures of the fault tests: a member taking part in a running challenge, and a
database fault injected at one chosen SQL statement."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import OperationalError, connection

from members.tests.factories import ChallengeFactory, ParticipantFactory


@pytest.fixture
def participant(gym, member):
    """The member in their gym's running challenge (default rules: meal 5, streak 5)."""
    challenge = ChallengeFactory(gym=gym, starts_on=date(2020, 1, 1), ends_on=date(2035, 12, 31))
    return ParticipantFactory(challenge=challenge, member=member)


class InjectedFault(OperationalError):
    """What a dying connection or a failing disk raises mid-transaction."""


@contextlib.contextmanager
def fail_statement(pattern: str) -> Iterator[list[str]]:
    """Make the first SQL statement matching `pattern` (a regex) fail, through Django's
    own execute_wrapper hook: the statements before it really ran, in the real
    transaction; the code under test is not replaced. Yields the statements seen."""
    seen: list[str] = []
    matcher = re.compile(pattern, re.IGNORECASE | re.DOTALL)

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        if matcher.search(sql) and not any(s.startswith("-- failed ") for s in seen):
            seen.append(f"-- failed {sql[:80]}")
            raise InjectedFault(f"injected fault at: {sql[:80]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen
    assert any(s.startswith("-- failed ") for s in seen), f"no statement matched {pattern!r}"

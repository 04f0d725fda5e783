"""Fixtures of the fault tests: a member taking part in a running challenge."""

from __future__ import annotations

from datetime import date

import pytest

from challenges.tests.factories import ChallengeFactory, ParticipantFactory


@pytest.fixture
def participant(gym, member):
    """The member in their gym's running challenge (default rules: meal 5, streak 5)."""
    challenge = ChallengeFactory(gym=gym, starts_on=date(2020, 1, 1), ends_on=date(2035, 12, 31))
    return ParticipantFactory(challenge=challenge, member=member)

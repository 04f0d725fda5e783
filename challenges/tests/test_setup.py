"""challenges.services.setup: a challenge's window and rules."""

from __future__ import annotations

import datetime as dt

import pytest

from challenges.services import setup
from challenges.tests.factories import ChallengeFactory
from gymintel.errors import InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def test_challenge_services_enforce_the_model_validators(gym, other_gym):
    rules = {"points_meal": 5, "cap_meal": 0}
    with pytest.raises(InvalidInput, match="greater than or equal to 1"):
        setup.challenge_create(
            gym_id=gym.pk,
            name="C",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 2, 1),
            rules=rules,
        )
    with pytest.raises(InvalidInput, match="Unknown challenge rules"):
        setup.challenge_create(
            gym_id=gym.pk,
            name="C",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 2, 1),
            rules={"points_cheating": 100},
        )
    theirs = ChallengeFactory(gym=other_gym)
    with pytest.raises(NotFound):
        setup.challenge_update(
            gym_id=gym.pk,
            challenge_id=theirs.pk,
            name="Mine now",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 2, 1),
            rules={},
        )

"""A challenge's window (it cannot end before it starts): written once in Python, in
Challenge.clean(), which the staff form and the service both reach; the CHECK
constraint refuses it again in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from challenges.models import WINDOW_ORDER_MESSAGE, Challenge
from challenges.services import setup
from challenges.tests.factories import ChallengeFactory
from gym_admin.forms import ChallengeForm
from gymintel.errors import InvalidInput

pytestmark = pytest.mark.django_db

RULES = {
    "points_meal": 5,
    "points_training": 10,
    "points_water": 2,
    "points_checkin": 15,
    "cap_meal": 3,
    "cap_training": 2,
    "cap_water": 1,
    "cap_checkin": 1,
    "streak_bonus": 5,
}


def test_the_form_shows_the_models_message_on_the_field_and_nothing_vaguer():
    window = {"name": "Backwards", "starts_on": "2026-05-02", "ends_on": "2026-05-01"}
    form = ChallengeForm({**window, **RULES})
    assert not form.is_valid()
    # One message, on ends_on: the CHECK constraint is skipped once the field has failed.
    assert form.errors == {"ends_on": [WINDOW_ORDER_MESSAGE]}


def test_the_form_takes_a_one_day_challenge():
    form = ChallengeForm(
        {"name": "Day", "starts_on": "2026-05-01", "ends_on": "2026-05-01", **RULES}
    )
    assert form.is_valid(), form.errors


def test_the_service_refuses_the_same_window_with_the_same_words(gym):
    with pytest.raises(InvalidInput, match=WINDOW_ORDER_MESSAGE):
        setup.challenge_create(
            gym_id=gym.pk,
            name="Backwards",
            starts_on=dt.date(2026, 5, 2),
            ends_on=dt.date(2026, 5, 1),
            rules={},
        )
    assert not Challenge.objects.exists()


def test_the_database_refuses_a_backwards_window_past_validation(gym):
    challenge = ChallengeFactory(gym=gym)
    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.filter(pk=challenge.pk).update(
            ends_on=challenge.starts_on - dt.timedelta(days=1)
        )

"""Challenge rules as gym admins edit them: validation and the Django admin."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import Client

from accounts.tests.factories import UserFactory
from challenges.models import Challenge

pytestmark = pytest.mark.django_db


def test_rules_are_validated_with_field_messages(gym):
    challenge = Challenge(
        gym=gym,
        name="Spring",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 1),
        cap_meal=0,
        points_water=5000,
    )
    with pytest.raises(ValidationError) as refused:
        challenge.full_clean()
    assert refused.value.message_dict == {
        "ends_on": ["A challenge cannot end before it starts."],
        "cap_meal": ["Ensure this value is greater than or equal to 1."],
        "points_water": ["Ensure this value is less than or equal to 1000."],
    }


def test_the_database_refuses_a_zero_cap_even_past_validation(challenge):
    with pytest.raises(IntegrityError):
        Challenge.objects.filter(pk=challenge.pk).update(cap_water=0)


def test_superuser_edits_rules_in_the_admin_but_not_the_gym(challenge, other_gym):
    root = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    page = client.get(f"/admin/challenges/challenge/{challenge.pk}/change/")
    assert page.status_code == 200
    assert b"Points already awarded stay as awarded" in page.content
    form = {
        "gym": other_gym.pk,  # read-only on edit: ignored
        "name": "Renamed",
        "starts_on": "2020-01-01",
        "ends_on": "2035-12-31",
        **{
            f"points_{k}": v
            for k, v in {"meal": 8, "training": 10, "water": 2, "checkin": 15}.items()
        },
        **{f"cap_{k}": v for k, v in {"meal": 3, "training": 2, "water": 1, "checkin": 1}.items()},
        "streak_bonus": 5,
    }
    response = client.post(f"/admin/challenges/challenge/{challenge.pk}/change/", form)
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert (challenge.name, challenge.points_meal, challenge.gym_id) == (
        "Renamed",
        8,
        challenge.gym_id,
    )
    assert challenge.gym.name == "Shoreditch"


def test_admin_refuses_a_window_that_ends_before_it_starts(gym):
    root = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    form = {
        "gym": gym.pk,
        "name": "Backwards",
        "starts_on": "2026-05-02",
        "ends_on": "2026-05-01",
        **{f"points_{k}": 1 for k in ("meal", "training", "water", "checkin")},
        **{f"cap_{k}": 1 for k in ("meal", "training", "water", "checkin")},
        "streak_bonus": 0,
    }
    response = client.post("/admin/challenges/challenge/add/", form)
    assert response.status_code == 200
    assert b"A challenge cannot end before it starts." in response.content
    assert not Challenge.objects.filter(name="Backwards").exists()

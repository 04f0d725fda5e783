"""Setting up a challenge: its window and rules (gym admins, through their pages)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from challenges.models import RULE_FIELDS, Challenge
from gymintel.errors import InvalidInput, NotFound


def _challenge_save(challenge: Challenge, name: str, starts_on: date, ends_on: date, rules):
    unknown = set(rules) - set(RULE_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown challenge rules: {', '.join(sorted(unknown))}.")
    challenge.name, challenge.starts_on, challenge.ends_on = name, starts_on, ends_on
    for field, value in rules.items():
        setattr(challenge, field, value)
    try:
        # The model's validators refuse negative points and caps below one; its CHECKs
        # would refuse them again at the database.
        challenge.full_clean()
    except ValidationError as exc:
        raise InvalidInput("; ".join(exc.messages)) from None
    challenge.save()
    return challenge


def challenge_create(
    *, gym_id: int, name: str, starts_on: date, ends_on: date, rules: dict[str, int]
) -> Challenge:
    """A new challenge; rules not given keep the model's defaults."""
    return _challenge_save(Challenge(gym_id=gym_id), name, starts_on, ends_on, rules)


def challenge_update(
    *,
    gym_id: int,
    challenge_id: int,
    name: str,
    starts_on: date,
    ends_on: date,
    rules: dict[str, int],
) -> Challenge:
    """Edit the window and rules. Points already awarded stay as they were earned."""
    with transaction.atomic():
        challenge = (
            Challenge.objects.select_for_update().filter(pk=challenge_id, gym_id=gym_id).first()
        )
        if challenge is None:
            raise NotFound("No such challenge at this gym.")
        return _challenge_save(challenge, name, starts_on, ends_on, rules)

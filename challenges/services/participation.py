"""Joining a challenge."""

from __future__ import annotations

from challenges.models import Challenge, Participant
from gymintel.clock import gym_today
from gymintel.errors import InvalidInput


def challenge_join(*, challenge: Challenge, member_id: int) -> tuple[Participant, bool]:
    """Make the member a participant; returns (participant, created).

    Joining twice is not an error (the second answer says "already joined"). Two joins
    at once both reach get_or_create: its INSERT runs in a savepoint, the loser's waits
    on the participant_once index, fails once the winner commits, and reads the
    winner's row. Points are earned from the moment of joining; earlier actions today
    do not count retroactively.
    """
    existing = Participant.objects.filter(challenge=challenge, member_id=member_id).first()
    if existing is not None:
        return existing, False
    today = gym_today(challenge.gym.timezone)
    if challenge.ends_on < today:
        raise InvalidInput(
            f"This challenge ended on {challenge.ends_on.isoformat()}; it can no longer be joined."
        )
    return Participant.objects.get_or_create(challenge=challenge, member_id=member_id)

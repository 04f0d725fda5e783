"""factory_boy factories for challenges and the members taking part in them."""

from __future__ import annotations

import datetime as dt

import factory

from accounts.tests.factories import GymFactory, MemberFactory
from challenges.models import Challenge, Participant


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A challenge running now: it began 30 days ago and ends in 30 days."""

    class Meta:
        model = Challenge

    gym = factory.SubFactory(GymFactory)
    name = factory.Sequence(lambda n: f"Challenge {n}")
    starts_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    challenge = factory.SubFactory(ChallengeFactory)
    member = factory.SubFactory(MemberFactory, gym=factory.SelfAttribute("..challenge.gym"))

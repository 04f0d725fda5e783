"""factory_boy factories for the foundation models; other apps' tests import these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from accounts.models import Gym, Member, Staff, User
from accounts.roles import Role
from challenges.models import Challenge, Participant
from coaching.models import CoachAssignment
from members.models import CheckIn, DailyLog, SavedMeal

PASSWORD = "correct-horse-battery"


class GymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gym

    name = factory.Sequence(lambda n: f"Gym {n}")
    timezone = "Europe/London"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    gym = factory.SubFactory(GymFactory)
    subscription_status = "active"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory)
    gym = factory.SubFactory(GymFactory)
    role = Role.COACH


class CoachAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachAssignment

    member = factory.SubFactory(MemberFactory)
    coach = factory.SubFactory(StaffFactory, gym=factory.SelfAttribute("..member.gym"))


class SavedMealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedMeal

    member = factory.SubFactory(MemberFactory)
    name = "Chicken rice bowl"
    estimated_calories = 650
    estimated_protein = Decimal("45.0")


class DailyLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyLog

    member = factory.SubFactory(MemberFactory)
    date = factory.LazyFunction(dt.date.today)
    type = "meal"
    estimated_calories = 500
    estimated_protein = Decimal("30.0")


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    member = factory.SubFactory(MemberFactory)
    date = factory.LazyFunction(dt.date.today)
    weight = Decimal("80.0")


class ChallengeFactory(factory.django.DjangoModelFactory):
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

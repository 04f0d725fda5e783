"""factory_boy factories for gyms, users, memberships and staff; other apps' factories
and tests build on these."""

from __future__ import annotations

import factory

from accounts.models import Gym, Member, Staff, User
from accounts.roles import Role

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


class OwnerFactory(UserFactory):
    """A chain owner: an account with the owner role and no gym."""

    is_owner = True

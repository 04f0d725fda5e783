"""factory_boy factories for what members record: saved meals, logs, check-ins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from accounts.tests.factories import MemberFactory
from members.models import CheckIn, DailyLog, SavedMeal


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

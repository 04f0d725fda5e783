"""factory_boy factories for coaching: which coach looks after which member."""

from __future__ import annotations

import factory

from accounts.tests.factories import MemberFactory, StaffFactory
from coaching.models import CoachAssignment


class CoachAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachAssignment

    member = factory.SubFactory(MemberFactory)
    # The coach works at the member's gym, as coaching.services.assign_coach requires.
    coach = factory.SubFactory(StaffFactory, gym=factory.SelfAttribute("..member.gym"))

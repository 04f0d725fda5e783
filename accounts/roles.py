"""The roles a signed-in person can have. Every "is this an admin?" asks these."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    COACH = "coach", "Coach"
    ADMIN = "admin", "Gym admin"
    # Above the gyms: sees every gym of the chain side by side, belongs to none.
    OWNER = "owner", "Chain owner"


# Roles held through a Staff row (of one gym), as opposed to a Member row.
STAFF_ROLES: tuple[Role, ...] = (Role.COACH, Role.ADMIN)
STAFF_ROLE_VALUES: frozenset[str] = frozenset(r.value for r in STAFF_ROLES)
STAFF_ROLE_CHOICES: list[tuple[str, str]] = [(r.value, r.label) for r in STAFF_ROLES]

"""Whose members a staff user sees, and the page of dashboard rows handed back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from accounts.identity import Identity
from accounts.models import Member


@dataclass(frozen=True)
class StaffScope:
    """The members a staff user may see: a coach's assigned members (coach_id set) or,
    for a gym admin, the whole gym. Every staff read of members goes through it."""

    gym_id: int
    gym_tz: str
    coach_id: int | None = None

    @classmethod
    def of(cls, identity: Identity) -> StaffScope:
        return cls(
            gym_id=identity.gym_id,
            gym_tz=identity.gym_tz,
            coach_id=None if identity.is_gym_admin else identity.staff_id,
        )


@dataclass
class DashboardPage:
    count: int
    page: int
    page_size: int
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def next_page(self) -> int:
        return self.page + 1

    @property
    def previous_page(self) -> int:
        return self.page - 1


class PageOutOfRange(ValueError):
    def __init__(self, page: int, pages: int = 1) -> None:
        super().__init__(page)
        self.page, self.pages = page, pages  # the API's 404 names the last page


def scope_members(scope: StaffScope, *, include_deactivated: bool = False) -> QuerySet[Member]:
    """The members a scope may see: the gym's, a coach's assigned ones only.

    Lists (the dashboard, its export) show active accounts only; one member's page
    also opens for a deactivated member, so their history stays readable.
    """
    members = Member.objects.filter(gym_id=scope.gym_id)
    if not include_deactivated:
        members = members.filter(user__is_active=True)
    if scope.coach_id is not None:
        members = members.filter(coach_assignment__coach_id=scope.coach_id)
    return members

"""Which coach looks after which member."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Member, Staff


class CoachAssignment(models.Model):
    """A member's one coach. Same-gym is enforced by coaching.services.assign_coach."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="coach_assignment")
    # CASCADE: removing a coach unassigns their members; the gym admin reassigns in bulk.
    coach = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="assignments")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["coach", "member"])]

    def __str__(self) -> str:
        return f"{self.member_id} -> {self.coach_id}"

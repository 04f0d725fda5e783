"""Gym staff (coaches and gym admins) and which coach looks after which member."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from members.models import Gym, Member, User


class StaffRole(models.TextChoices):
    COACH = "coach", "Coach"
    ADMIN = "admin", "Gym admin"


class Staff(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff")
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=16, choices=StaffRole.choices, default=StaffRole.COACH)
    # A coach who also trains here logs their own meals through this member.
    linked_member = models.OneToOneField(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff_link"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "staff"
        indexes = [models.Index(fields=["gym", "role"])]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=StaffRole.values), name="staff_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user.email} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == StaffRole.ADMIN


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

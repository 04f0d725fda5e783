"""Gym challenges, their participants' standings and the points ledger behind them.

The ledger is the truth; Participant holds running totals kept in step with it under
a row lock (challenges.services). `manage.py audit_points` recomputes one from the other.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Gym, Member

SCORING_KINDS = ("meal", "training", "water", "checkin")
# The columns that make up a challenge's rules (forms, admin, services and the demo seed
# list them from here).
POINT_FIELDS = tuple(f"points_{k}" for k in SCORING_KINDS)
CAP_FIELDS = tuple(f"cap_{k}" for k in SCORING_KINDS)
RULE_FIELDS = (*POINT_FIELDS, *CAP_FIELDS, "streak_bonus")
# The columns of a participant's standing, the running totals kept in step with the
# ledger (the audit compares them, its repair rewrites them).
STANDING_FIELDS = (
    *(f"{kind}_points" for kind in SCORING_KINDS),
    "streak_points",
    "total_points",
    "current_streak",
    "last_active_date",
)
WINDOW_ORDER_MESSAGE = "A challenge cannot end before it starts."
_POINTS = [MaxValueValidator(1000)]
_CAP = [MinValueValidator(1), MaxValueValidator(50)]


class Challenge(models.Model):
    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="challenges")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Rules as columns, not JSON, so the database itself refuses nonsense.
    points_meal = models.PositiveSmallIntegerField(default=5, validators=_POINTS)
    points_training = models.PositiveSmallIntegerField(default=10, validators=_POINTS)
    points_water = models.PositiveSmallIntegerField(default=2, validators=_POINTS)
    points_checkin = models.PositiveSmallIntegerField(default=15, validators=_POINTS)
    cap_meal = models.PositiveSmallIntegerField(default=3, validators=_CAP)
    cap_training = models.PositiveSmallIntegerField(default=2, validators=_CAP)
    cap_water = models.PositiveSmallIntegerField(default=1, validators=_CAP)
    cap_checkin = models.PositiveSmallIntegerField(default=1, validators=_CAP)
    streak_bonus = models.PositiveSmallIntegerField(default=5, validators=_POINTS)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["gym", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="challenge_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(
                    cap_meal__gte=1, cap_training__gte=1, cap_water__gte=1, cap_checkin__gte=1
                ),
                name="challenge_caps_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The window rule's one Python home: ModelForms (the staff page, the Django
        # admin) and coaching.services (full_clean) all reach it, and report it on the
        # field in words. The CHECK challenge_window_ordered refuses it again in the
        # database for any write that skips validation.
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": WINDOW_ORDER_MESSAGE})

    def points_for(self, kind: str) -> int:
        return getattr(self, f"points_{kind}")

    def cap_for(self, kind: str) -> int:
        return getattr(self, f"cap_{kind}")

    @property
    def rules(self) -> dict:
        return {
            "points": {k: self.points_for(k) for k in SCORING_KINDS},
            "daily_cap": {k: self.cap_for(k) for k in SCORING_KINDS},
            "streak_bonus": self.streak_bonus,
        }


class Participant(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="participations")
    joined_at = models.DateTimeField(default=timezone.now)
    meal_points = models.PositiveIntegerField(default=0)
    training_points = models.PositiveIntegerField(default=0)
    water_points = models.PositiveIntegerField(default=0)
    checkin_points = models.PositiveIntegerField(default=0)
    streak_points = models.PositiveIntegerField(default=0)
    total_points = models.PositiveIntegerField(default=0)
    current_streak = models.PositiveIntegerField(default=0)
    last_active_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-total_points", "joined_at", "id"]
        indexes = [
            # The leaderboard: points, then earlier join.
            models.Index(
                F("challenge"),
                F("total_points").desc(),
                F("joined_at"),
                F("id"),
                name="participant_leaderboard",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "member"], name="participant_once"),
            # The invariant every award keeps, checked by the database at each commit.
            models.CheckConstraint(
                condition=Q(
                    total_points=F("meal_points")
                    + F("training_points")
                    + F("water_points")
                    + F("checkin_points")
                    + F("streak_points")
                ),
                name="participant_total_is_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.challenge_id}: {self.total_points}"


class PointEntry(models.Model):
    """One scoring action (an award) or the taking back of one (a reversal).

    `source` names what earned it: "log:<id>", "checkin:<id>" or "streak:<YYYY-MM-DD>".
    At most one live award per participant and source; a reversal points at its award.
    """

    KIND_CHOICES = [(k, k) for k in (*SCORING_KINDS, "streak")]

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    source = models.CharField(max_length=48)
    local_date = models.DateField(help_text="Gym-local day the points count for.")
    points = models.IntegerField()
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    reversed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "point entries"
        indexes = [
            # Cap counting and active-day lookups: a participant's awards on one day.
            models.Index(
                fields=["participant", "local_date", "kind"], name="entry_participant_day"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "source"],
                condition=Q(reverses__isnull=True, reversed_at__isnull=True),
                name="entry_one_live_award_per_source",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, points__gte=0)
                | Q(reverses__isnull=False, points__lte=0),
                name="entry_sign_matches_direction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.points:+d}"

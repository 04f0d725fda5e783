"""What members record: logs, check-ins, saved meals.

Images are never stored here: `*_key` columns hold object-storage keys written by
media_store; URLs are built at the edge (serializers, templates). A log made from a
saved meal holds the meal's photo key too. members.services removes a photo after the
commit that deletes the last row holding its key; rows deleted any other way (a member
deleted with everything it owns, the Django admin) leave their photos in storage, as
objects no row uses.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone

from accounts.models import Member
from media_store.models import ImageKeyField

MAX_CALORIES = 20_000  # per log: a whole day's feast, well past any real meal
MAX_PROTEIN = Decimal("1000.0")  # grams per log
MIN_WEIGHT = Decimal("20.0")  # kg
MAX_WEIGHT = Decimal("400.0")  # kg


class LogType(models.TextChoices):
    MEAL = "meal", "Meal"
    TRAINING = "training", "Training"
    WATER = "water", "Water"


class SavedMeal(models.Model):
    """A member's own custom meal, reusable when logging."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="saved_meals")
    name = models.CharField(max_length=120)
    ingredients = models.TextField(blank=True, default="", max_length=2000)
    estimated_calories = models.PositiveIntegerField(null=True, blank=True)
    estimated_protein = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    photo_key = ImageKeyField(kind="meals")
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member", "-created_at"]),
            # media_store asks "does any row still hold this key?" before deleting a photo.
            models.Index(
                fields=["photo_key"], condition=~Q(photo_key=""), name="savedmeal_photo_key"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_calories__isnull=True)
                | Q(estimated_calories__lte=MAX_CALORIES),
                name="savedmeal_calories_sane",
            ),
            models.CheckConstraint(
                condition=Q(estimated_protein__isnull=True)
                | Q(estimated_protein__gte=0, estimated_protein__lte=MAX_PROTEIN),
                name="savedmeal_protein_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DailyLog(models.Model):
    """One meal, training session or glass of water, dated in the gym's local calendar."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="logs")
    date = models.DateField(help_text="Gym-local date the log counts for.")
    type = models.CharField(max_length=16, choices=LogType.choices)
    estimated_calories = models.PositiveIntegerField(null=True, blank=True)
    estimated_protein = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    meal = models.ForeignKey(
        SavedMeal, on_delete=models.SET_NULL, null=True, blank=True, related_name="logs"
    )
    notes = models.CharField(max_length=500, blank=True, default="")
    photo_key = ImageKeyField(kind="meals")
    # A retry or double tap sends the same key: the database refuses the second insert.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        indexes = [
            # Own-log lists, the dashboard's per-member windows and the AI context.
            models.Index(fields=["member", "date"], name="log_member_date"),
            # possible_duplicate looks back a few minutes from now.
            models.Index(fields=["member", "type", "created_at"], name="log_member_type_created"),
            # media_store asks "does any row still hold this key?" after every deleted log
            # with a photo; partial, since most logs have none.
            models.Index(fields=["photo_key"], condition=~Q(photo_key=""), name="log_photo_key"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="log_unique_idempotency_key_per_member",
            ),
            models.CheckConstraint(condition=Q(type__in=LogType.values), name="log_type_known"),
            models.CheckConstraint(
                condition=Q(estimated_calories__isnull=True)
                | Q(estimated_calories__lte=MAX_CALORIES),
                name="log_calories_sane",
            ),
            models.CheckConstraint(
                condition=Q(estimated_protein__isnull=True)
                | Q(estimated_protein__gte=0, estimated_protein__lte=MAX_PROTEIN),
                name="log_protein_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.date} ({self.member_id})"


class CheckIn(models.Model):
    """A weekly weigh-in, in kilograms."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="checkins")
    date = models.DateField(help_text="Gym-local date of the weigh-in.")
    weight = models.DecimalField(max_digits=5, decimal_places=1)
    notes = models.CharField(max_length=500, blank=True, default="")
    # As on logs: the offline queue resends a weigh-in with its key; the database
    # refuses the second insert.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        indexes = [
            # "Latest check-ins first" for the profile, dashboard and charts.
            models.Index(fields=["member", "-date", "-created_at"], name="checkin_member_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="checkin_unique_idempotency_key_per_member",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=MIN_WEIGHT, weight__lte=MAX_WEIGHT),
                name="checkin_weight_human",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weight} kg on {self.date} ({self.member_id})"

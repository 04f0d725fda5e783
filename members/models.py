"""Gyms, users, members and what members record: logs, check-ins, saved meals.

Images are never stored here: `*_key` columns hold object-storage keys written by
media_store; URLs are built at the edge (serializers, templates).
"""

from __future__ import annotations

import zoneinfo
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone

MAX_CALORIES = 20_000  # per log: a whole day's feast, well past any real meal
MAX_PROTEIN = Decimal("1000.0")  # grams per log
MIN_WEIGHT = Decimal("20.0")  # kg
MAX_WEIGHT = Decimal("400.0")  # kg


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone name.")


class Gym(models.Model):
    name = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    logo_key = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in. Members and gym staff hang off it; `is_staff` is Django admin."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=120, blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the Django admin.")
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.email


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    TRIALING = "trialing", "Trialing"
    PAST_DUE = "past_due", "Past due"
    PAUSED = "paused", "Paused"
    CANCELED = "canceled", "Canceled"


class Member(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="member")
    # PROTECT: a gym with members is closed deliberately, never by a stray delete.
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="members")
    subscription_status = models.CharField(
        max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.ACTIVE
    )
    avatar_key = models.CharField(max_length=255, blank=True, default="")
    goal = models.CharField(max_length=200, blank=True, default="")
    # Set by the member's coach, not by the member.
    calorie_target = models.PositiveIntegerField(null=True, blank=True)
    protein_target = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["gym", "subscription_status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(calorie_target__isnull=True) | Q(calorie_target__lte=10_000),
                name="member_calorie_target_sane",
            ),
            models.CheckConstraint(
                condition=Q(protein_target__isnull=True) | Q(protein_target__lte=1_000),
                name="member_protein_target_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.user.email


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
    photo_key = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"])]
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
    photo_key = models.CharField(max_length=255, blank=True, default="")
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
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        indexes = [
            # "Latest check-ins first" for the profile, dashboard and charts.
            models.Index(fields=["member", "-date", "-created_at"], name="checkin_member_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=MIN_WEIGHT, weight__lte=MAX_WEIGHT),
                name="checkin_weight_human",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weight} kg on {self.date} ({self.member_id})"

"""Who people are: gyms, user accounts, memberships and staff roles.

A User is anyone who signs in. A Member row makes a user a member of one gym; a Staff
row makes a user a coach or gym admin of one gym. What members record (logs,
check-ins, saved meals) lives in the members app; which coach looks after whom lives
in coaching. Images are never stored here: `*_key` columns hold object-storage keys
written by media_store.
"""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone

from accounts.roles import STAFF_ROLE_CHOICES, STAFF_ROLE_VALUES, Role
from media_store.models import ImageKeyField

# A coach's daily targets for a member: generous human bounds. The service, the forms
# and the database's CHECK constraints all read these.
CALORIE_TARGET_MIN, CALORIE_TARGET_MAX = 800, 10_000
PROTEIN_TARGET_MIN, PROTEIN_TARGET_MAX = 10, 1_000


def normalize_email(email: str) -> str:
    """The one spelling of an address we store and look up: trimmed, lowercased.

    Addresses are compared case-insensitively everywhere (login, staff onboarding,
    imports), so two accounts can never differ only in letter case.
    """
    return BaseUserManager.normalize_email(email.strip()).lower()


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone name.")


class Gym(models.Model):
    name = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    logo_key = ImageKeyField(kind="logos")
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=normalize_email(email), **extra)
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
    is_owner = models.BooleanField(
        default=False,
        help_text="Chain owner: sees every gym side by side at /owner/; belongs to no gym.",
    )
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            # Stored addresses are lowercase (normalize_email), so `unique` is
            # case-insensitive in effect; the database refuses any other spelling.
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lowercase"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        # Forms (the admin's included) save without the manager: normalise here too.
        super().clean()
        self.email = normalize_email(self.email)
        if self.is_owner and self.pk and self.gym_roles():
            raise ValidationError(
                {"is_owner": f"An owner belongs to no gym, and this account is {self.gym_roles()}."}
            )

    def gym_roles(self) -> str:
        """What ties the account to a gym ("" when nothing does): an owner must have none."""
        roles = [
            f"a {staff.get_role_display().lower()} of {staff.gym}"
            for staff in Staff.objects.filter(user_id=self.pk).select_related("gym")
        ] + [
            f"a member of {m.gym}"
            for m in Member.objects.filter(user_id=self.pk).select_related("gym")
        ]
        return " and ".join(roles)


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    TRIALING = "trialing", "Trialing"
    PAST_DUE = "past_due", "Past due"
    PAUSED = "paused", "Paused"
    CANCELED = "canceled", "Canceled"


class Member(models.Model):
    """A user's membership of one gym: status, goal, avatar and the coach's targets."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="member")
    # PROTECT: a gym with members is closed deliberately, never by a stray delete.
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="members")
    subscription_status = models.CharField(
        max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.ACTIVE
    )
    avatar_key = ImageKeyField(kind="avatars")
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
                condition=Q(calorie_target__isnull=True)
                | Q(calorie_target__gte=CALORIE_TARGET_MIN, calorie_target__lte=CALORIE_TARGET_MAX),
                name="member_calorie_target_sane",
            ),
            models.CheckConstraint(
                condition=Q(protein_target__isnull=True)
                | Q(protein_target__gte=PROTEIN_TARGET_MIN, protein_target__lte=PROTEIN_TARGET_MAX),
                name="member_protein_target_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.user.email


class Staff(models.Model):
    """A coach or gym admin of one gym."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff")
    gym = models.ForeignKey(Gym, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=16, choices=STAFF_ROLE_CHOICES, default=Role.COACH)
    # A coach who also trains here logs their own meals through this member.
    linked_member = models.OneToOneField(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff_link"
    )
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "staff"
        indexes = [models.Index(fields=["gym", "role"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=sorted(STAFF_ROLE_VALUES)), name="staff_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.email} ({self.role})"

"""Who people are: gyms, user accounts, memberships and staff roles.

A User is anyone who signs in. A Member row makes a user a member of one gym; a Staff
row makes a user a coach or gym admin of one gym. What members record (logs,
check-ins, saved meals) lives in the members app; which coach looks after whom lives
in coaching. Images are never stored here: `*_key` columns hold object-storage keys
written by media_store.
"""

from __future__ import annotations

import uuid
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models, transaction
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
    # Raised by a password change, a role change or a deactivation: every login made
    # before it stops refreshing (TokenFamily.token_version), and staff sessions re-read.
    token_version = models.PositiveIntegerField(default=0, editable=False)

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

    def save(self, *args, **kwargs) -> None:
        # Every way of setting a password (the admin's forms, changepassword, services)
        # goes through set_password, which keeps the raw value in _password until the
        # save. A hash upgrade at login clears it before saving, so it revokes nothing.
        password_changed = self._password is not None and self.pk is not None
        if password_changed:
            self.token_version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "token_version"}
        super().save(*args, **kwargs)
        if password_changed:
            from accounts.revocation import announce_change

            user_id = self.pk
            transaction.on_commit(lambda: announce_change(user_id=user_id))


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


class TokenFamily(models.Model):
    """One API sign-in and the chain of refresh tokens rotated from it.

    Only the newest refresh token (`current_jti`) works. An older one presented again
    was copied, so the whole family is revoked, the newest token with it. A family
    also ends LOGIN_MAX_DAYS after `started_at`, and when the user's token_version
    moves past the one it was started with.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="token_families")
    started_at = models.DateTimeField(default=dj_timezone.now)
    token_version = models.PositiveIntegerField()
    current_jti = models.CharField(max_length=64)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "token families"
        # Pruning deletes by age.
        indexes = [models.Index(fields=["started_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} since {self.started_at:%Y-%m-%d %H:%M}"


class StaffInvitation(models.Model):
    """An offer to an existing account to join a gym's staff, which only that account
    can accept (signing in with its own password). A gym admin adds its own members or
    brand-new accounts directly; anyone else's account is theirs to decide about."""

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="staff_invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=STAFF_ROLE_CHOICES)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open offer per gym and address: inviting again renews it.
            models.UniqueConstraint(
                fields=["gym", "email"],
                condition=Q(accepted_at__isnull=True),
                name="staff_invitation_one_open_per_gym_email",
            ),
            models.CheckConstraint(
                condition=Q(role__in=sorted(STAFF_ROLE_VALUES)), name="staff_invitation_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.gym_id} as {self.role}"

"""manage.py loadtest_tokens --out FILE [--lifetime SECONDS]

Writes {"<email>": "<access token>"} for every active member and staff user, so a load
test can call the API as thousands of users without logging each one in (the password
hasher is slow on purpose, and login is throttled).

Two queries in all, whatever the number of users: the claims gymintel.auth.claims_for
reads per user at login are read here for everyone at once. Tokens are signed locally
and never stored (no OutstandingToken rows: access tokens are not tracked anyway).
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken
from tqdm import tqdm

from coaching.models import Staff
from gymintel.auth import ROLE_MEMBER
from members.models import Member

MIN_LIFETIME = 60
MAX_LIFETIME = 7 * 24 * 3600  # a leaked file should not outlive a week of load testing


def bulk_claims() -> dict[str, tuple[int, dict[str, Any]]]:
    """{email: (user_id, claims)} for every active user of a gym, in two queries.

    Same claims as gymintel.auth.claims_for (staff wins over member, as at login);
    members/tests/test_loadtest_tokens.py holds the two to each other.
    """
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    staff_rows = Staff.objects.filter(user__is_active=True).values_list(
        "user_id", "user__email", "role", "gym_id", "gym__timezone", "id", "linked_member_id"
    )
    for user_id, email, role, gym_id, tz, staff_id, linked_member_id in staff_rows:
        out[email] = (
            user_id,
            {
                "role": role,
                "gym_id": gym_id,
                "gym_tz": tz,
                "staff_id": staff_id,
                "member_id": linked_member_id,
            },
        )
    member_rows = Member.objects.filter(user__is_active=True).values_list(
        "user_id", "user__email", "gym_id", "gym__timezone", "id"
    )
    for user_id, email, gym_id, tz, member_id in member_rows:
        claims = {
            "role": ROLE_MEMBER,
            "gym_id": gym_id,
            "gym_tz": tz,
            "staff_id": None,
            "member_id": member_id,
        }
        out.setdefault(email, (user_id, claims))
    return out


def access_token(*, user_id: int, claims: dict[str, Any], lifetime: timedelta) -> str:
    token = AccessToken()
    token.set_exp(lifetime=lifetime)
    token[api_settings.USER_ID_CLAIM] = str(user_id)  # as Token.for_user writes it
    for name, value in claims.items():
        token[name] = value
    return str(token)


class Command(BaseCommand):
    help = "Write {email: access token} for every member and staff user (for load tests)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="JSON file to write (mode 0600).")
        parser.add_argument(
            "--lifetime",
            type=int,
            default=3600,
            help=f"Token lifetime in seconds ({MIN_LIFETIME} to {MAX_LIFETIME}; default 3600).",
        )

    def handle(self, *args, out: str, lifetime: int, **options):
        if not MIN_LIFETIME <= lifetime <= MAX_LIFETIME:
            raise CommandError(
                f"--lifetime must be between {MIN_LIFETIME} and {MAX_LIFETIME} seconds."
            )
        users = bulk_claims()
        span = timedelta(seconds=lifetime)
        tokens = {
            email: access_token(user_id=user_id, claims=claims, lifetime=span)
            for email, (user_id, claims) in tqdm(
                sorted(users.items()),
                unit="token",
                desc="Signing",
                disable=options["verbosity"] == 0,
            )
        }
        _write_private(out, json.dumps(tokens, indent=0))
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {len(tokens)} access tokens valid {lifetime} s to {out}.")
        )


def _write_private(path: str, text: str) -> None:
    """Tokens are credentials: the file is readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # O_CREAT's mode does not apply to an existing file
    with os.fdopen(fd, "w") as fh:
        fh.write(text)

"""manage.py loadtest_tokens --out FILE [--lifetime SECONDS]

Writes {"<email>": "<access token>"} for every active member, staff user and owner, so a load
test can call the API as thousands of users without logging each one in (the password
hasher is slow on purpose, and login is throttled).

Three queries in all, whatever the number of users: the same identities a login reads
one at a time (accounts.identity) are read here for everyone at once. Tokens are signed
locally and never stored (no OutstandingToken rows: access tokens are not tracked).
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.identity import all_identities
from accounts.tokens import access_token_for

MIN_LIFETIME = 60
MAX_LIFETIME = 7 * 24 * 3600  # a leaked file should not outlive a week of load testing


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
        identities = all_identities()
        span = timedelta(seconds=lifetime)
        tokens = {
            email: access_token_for(identity, lifetime=span)
            for email, identity in tqdm(
                sorted(identities.items()),
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

"""manage.py create_owner EMAIL [--password P] [--name NAME]

Makes EMAIL a chain owner (every gym side by side at /owner/ and /api/owner/): a new
account, or an existing one promoted. Running it again changes nothing but a password
given again. Without --password, a new account's password is asked for (twice) on a
terminal; an existing account keeps its own.
"""

from __future__ import annotations

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User, normalize_email
from accounts.services import owner_create
from gymintel.errors import DomainError


class Command(BaseCommand):
    help = "Create a chain owner, or promote an existing account to owner (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The owner's email address (their login).")
        parser.add_argument(
            "--password", help="Password for a new account (asked for when omitted)."
        )
        parser.add_argument("--name", default="", help="Display name (optional).")

    def handle(self, *args, email: str, password: str | None, name: str, **options):
        email = normalize_email(email)
        if password is None and not User.objects.filter(email=email).exists():
            password = self._ask_password()
        if password:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError("Password refused: " + " ".join(exc.messages)) from None
        try:
            result = owner_create(email=email, password=password, name=name)
        except DomainError as exc:
            raise CommandError(exc.detail) from None
        if result.created:
            message = f"Created owner {email}."
        elif result.promoted:
            message = f"{email} is now an owner."
        else:
            message = f"{email} was already an owner; nothing changed."
            if password:
                message = f"{email} was already an owner; password updated."
        self.stdout.write(self.style.SUCCESS(message + " They sign in at /accounts/login/."))

    def _ask_password(self) -> str:
        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("No password given; pass --password or run on a terminal.") from None
        if not first:
            raise CommandError("A new account needs a password.")
        if first != second:
            raise CommandError("The two passwords differ; nothing was created.")
        return first

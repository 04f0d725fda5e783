"""manage.py seed_demo: demo gyms, staff, members, a challenge, 30 days of history, saved
meals and some AI coach conversations."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.models import Gym
from demo.seed import SeedOptions, create_superuser, demo_logins, seed_demo


class Command(BaseCommand):
    help = "Create demo gyms with staff, members, a running challenge and past history."

    def add_arguments(self, parser):
        parser.add_argument("--gyms", type=int, default=3)
        parser.add_argument("--members-per-gym", type=int, default=60)
        parser.add_argument("--coaches-per-gym", type=int, default=2)
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--password", default="demo-pass-123")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (deterministic data).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when gyms already exist."
        )

    def handle(self, *args, **o):
        opts = SeedOptions(
            gyms=o["gyms"],
            members_per_gym=o["members_per_gym"],
            coaches_per_gym=o["coaches_per_gym"],
            days=o["days"],
            password=o["password"],
            seed=o["seed"],
        )
        if opts.gyms < 1 or opts.members_per_gym < 0 or opts.coaches_per_gym < 0 or opts.days < 0:
            raise CommandError("--gyms must be at least 1; the other counts cannot be negative.")
        if Gym.objects.exists():
            if o["if_empty"]:
                self.stdout.write("Gyms exist already; not seeding.")
                return
            raise CommandError("The database already holds gyms; seed_demo fills an empty one.")
        started = time.monotonic()
        with tqdm(
            total=opts.gyms * opts.members_per_gym,
            unit="member",
            desc="Seeding",
            disable=o["verbosity"] == 0,
        ) as bar:
            summary = seed_demo(opts, progress=bar.update)
        create_superuser(opts)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {summary.gyms} gyms, {summary.users} users, {summary.logs} logs, "
                f"{summary.checkins} check-ins, {summary.ledger_entries} ledger entries, "
                f"{summary.saved_meals} saved meals, {summary.chat_messages} AI coach answers "
                f"in {elapsed:.1f} s."
            )
        )
        for line in demo_logins(opts):
            self.stdout.write(f"  {line}")

"""manage.py audit_points [--challenge ID] [--fix]: standings checked against the ledger."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from challenges.models import Challenge
from challenges.selectors import discrepancies, participant_batches
from challenges.services import standings_repair


class Command(BaseCommand):
    help = (
        "Recompute every participant's standing (points by kind, streak points, total, "
        "current streak, last active day) from the points ledger and report each "
        "difference; --fix rewrites the standings from the ledger. Exits 1 when it found "
        "differences and did not fix them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--challenge", type=int, help="Audit one challenge only (its id).")
        parser.add_argument("--fix", action="store_true", help="Repair what differs.")
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Participants per batch (3 queries each)."
        )

    def handle(self, *args, challenge=None, fix=False, batch_size=500, verbosity=1, **o):
        if challenge is not None and not Challenge.objects.filter(pk=challenge).exists():
            raise CommandError(f"No challenge with id {challenge}.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        found = repaired = checked = 0
        batches = participant_batches(challenge_id=challenge, size=batch_size)
        with tqdm(
            total=batches.total, unit="participant", desc="Auditing", disable=verbosity == 0
        ) as bar:
            for ids in batches:
                wrong = discrepancies(participant_ids=ids)
                for d in wrong:
                    tqdm.write(str(d), file=self.stdout)
                found += len(wrong)
                if fix and wrong:
                    repaired += standings_repair(participant_ids=[d.participant_id for d in wrong])
                checked += len(ids)
                bar.update(len(ids))
        if not found:
            self.stdout.write(self.style.SUCCESS(f"{checked} participants match the ledger."))
        elif fix:
            self.stdout.write(
                self.style.WARNING(
                    f"{found} of {checked} participants differed from the ledger; "
                    f"{repaired} repaired."
                )
            )
        else:
            raise CommandError(
                f"{found} of {checked} participants differ from the ledger; "
                "run with --fix to repair them.",
                returncode=1,
            )

"""By hand, what Celery beat does every 15 minutes: prune the AI response cache."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from aicoach.services import prune_response_cache


class Command(BaseCommand):
    help = "Delete expired AI cache entries, then the least recently used beyond the cap."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=settings.AI_CACHE_PRUNE_BATCH,
            help="Rows deleted per statement (default AI_CACHE_PRUNE_BATCH).",
        )
        parser.add_argument(
            "--max-entries",
            type=int,
            default=settings.AI_CACHE_MAX_ENTRIES,
            help="Entries kept at most (default AI_CACHE_MAX_ENTRIES).",
        )

    def handle(self, *args, batch_size: int, max_entries: int, **options) -> None:
        if batch_size < 1 or max_entries < 0:
            self.stderr.write("--batch-size must be at least 1 and --max-entries at least 0.")
            raise SystemExit(2)
        totals: dict[str, int] = {}

        def progress(kind: str, deleted: int) -> None:
            totals[kind] = totals.get(kind, 0) + deleted
            self.stdout.write(f"  {kind}: deleted {deleted} (so far {totals[kind]})")

        result = prune_response_cache(
            batch_size=batch_size, max_entries=max_entries, on_batch=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Pruned {result.expired} expired and {result.evicted} least recently used "
                f"entries in {result.batches} batch(es)."
            )
        )

"""AI spend per gym: answers, tokens and an estimated cost, summed in SQL."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from aicoach.selectors import ai_usage_by_gym


class Command(BaseCommand):
    help = "Report AI coach answers, tokens and estimated cost per gym."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="The last N days (default 30).")
        parser.add_argument("--gym", type=int, default=None, help="Only this gym id.")

    def handle(self, *args, days: int, gym: int | None, **options) -> None:
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            raise SystemExit(2)
        # Usage rows are dated in each gym's calendar; a UTC window of N days is close enough
        # for a spend report (at most a few hours of difference at either end).
        since = timezone.now().date() - timedelta(days=days - 1)
        rows = ai_usage_by_gym(since=since, gym_id=gym)
        self.stdout.write(f"AI coach usage since {since} ({days} day(s))")
        header = (
            f"{'gym':<28} {'members':>8} {'answers':>8} {'in tokens':>12} "
            f"{'out tokens':>12} {'est. USD':>10}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            name = f"{row['gym_id']} {row['gym_name']}"[:28]
            self.stdout.write(
                f"{name:<28} {row['members']:>8} {row['answers']:>8} {row['input_tokens']:>12} "
                f"{row['output_tokens']:>12} {row['estimated_cost_usd']:>10}"
            )
        if not rows:
            self.stdout.write("(no AI answers in this period)")
            return
        total = sum(row["estimated_cost_usd"] for row in rows)
        answers = sum(row["answers"] for row in rows)
        self.stdout.write("-" * len(header))
        self.stdout.write(f"{'total':<28} {'':>8} {answers:>8} {'':>12} {'':>12} {total:>10}")

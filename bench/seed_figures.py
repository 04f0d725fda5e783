"""What the coach sees in a seeded database: the share of members needing attention per
gym (the dashboard selector) and the spread of 7-day calorie compliance (the member page's
selector), so the demo's realism is measured, not guessed.

    DATABASE_URL=... .venv/bin/python bench/seed_figures.py

Read-only; one dashboard query set per gym and one daily-totals query per member.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymintel.settings")


def main() -> None:
    import django

    django.setup()
    from accounts.models import Gym
    from coaching.selectors import member as member_selectors
    from coaching.selectors.dashboard import StaffScope, dashboard_batches
    from gymintel.clock import gym_today

    calories, protein = Counter(), Counter()
    for gym in Gym.objects.order_by("pk"):
        today = gym_today(gym.timezone)
        scope = StaffScope(gym_id=gym.pk, gym_tz=gym.timezone)
        rows = [row for batch in dashboard_batches(scope=scope) for row in batch]
        flagged = sum(row["needs_attention"] for row in rows)
        print(f"{gym.name:32} {flagged:4}/{len(rows):4} need attention ({flagged / len(rows):.0%})")
        for member in gym.members.only("pk", "calorie_target", "protein_target"):
            totals = member_selectors.daily_totals(member_id=member.pk, until=today, days=8)
            week = member_selectors.compliance(
                totals,
                days=7,
                calorie_target=member.calorie_target,
                protein_target=member.protein_target,
            )
            calories[week.calories] += 1
            protein[week.protein] += 1
    for name, spread in (("calories", calories), ("protein", protein)):
        print(f"7-day {name} compliance:", {k: spread[k] for k in sorted(spread, key=str)})


if __name__ == "__main__":
    main()

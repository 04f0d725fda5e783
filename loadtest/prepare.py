"""Write the load test's meta file: each gym's running challenge, by gym id.

The locustfile asks the API for the challenge id first (GET /api/challenges/), as the
app does; this file is its fallback, so the leaderboard and standing calls still name
a real challenge if that list is missing or empty.

    python loadtest/prepare.py OUT.json   (with the app's DATABASE_URL in the environment)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(out: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymintel.settings")
    import django

    django.setup()
    from challenges.models import Challenge

    challenges: dict[str, int] = {}
    for gym_id, challenge_id in Challenge.objects.order_by("-ends_on", "id").values_list(
        "gym_id", "id"
    ):
        challenges.setdefault(str(gym_id), challenge_id)
    Path(out).write_text(json.dumps({"challenges": challenges}, indent=1))
    print(f"meta: {len(challenges)} gyms with a challenge -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python loadtest/prepare.py OUT.json")
    main(sys.argv[1])

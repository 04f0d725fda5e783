"""Running the import from the tests, and what our database holds afterwards."""

from __future__ import annotations

import io
import json

from django.apps import apps
from django.core.management import call_command

from legacy.tests.legacy_db import Facts


def run(url: str, facts: Facts, tmp_path, *extra: str, workers: int = 0) -> dict:
    """import_legacy with every gym's zone named; returns the JSON report."""
    report = tmp_path / "report.json"
    args = ["--source", url, "--report", str(report), "--workers", str(workers)]
    for old, zone in facts.gym_zones.items():
        args += ["--gym-timezone", f"{old}={zone}"]
    call_command("import_legacy", *args, *extra, verbosity=0, stdout=io.StringIO())
    return json.loads(report.read_text())


OUR_MODELS = [
    "accounts.Gym",
    "accounts.User",
    "accounts.Member",
    "accounts.Staff",
    "coaching.CoachAssignment",
    "members.SavedMeal",
    "members.DailyLog",
    "members.CheckIn",
    "challenges.Challenge",
    "challenges.Participant",
    "challenges.PointEntry",
    "legacy.ImportedRow",
    "legacy.ImportedImage",
]


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table the import writes, for "nothing changed" checks."""
    out = {}
    for label in OUR_MODELS:
        model = apps.get_model(label)
        out[label] = list(model.objects.order_by("pk").values_list())
    return out


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in OUR_MODELS}

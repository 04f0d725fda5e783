"""manage.py import_legacy --source postgres://... : bring a chain over from the old system."""

from __future__ import annotations

import os
import zoneinfo

from django.core.management.base import BaseCommand, CommandError

from legacy import mapping
from legacy.importer import Options, run_import
from legacy.source import SourceUnreadable


def _zone(value: str) -> str:
    if value not in zoneinfo.available_timezones():
        raise CommandError(f"{value!r} is not an IANA time zone name (e.g. Europe/Berlin).")
    return value


class Command(BaseCommand):
    help = (
        "Copy the old system's database (read-only, one snapshot) into GymIntel: gyms, "
        "staff, members, logs, check-ins, saved meals, challenges and standings, with "
        "passwords kept and base64 images stored as files. Safe to run again: only what "
        "is missing is imported. Prints a report; exits 0 unless the source cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, help="postgres://... of the old database")
        parser.add_argument(
            "--gym-timezone",
            action="append",
            default=[],
            metavar="OLD_GYM_ID=Area/City",
            help="A gym's time zone (repeat per gym).",
        )
        parser.add_argument(
            "--default-timezone",
            default="UTC",
            metavar="Area/City",
            help="For gyms not named by --gym-timezone (default UTC).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Write nothing; report only.")
        parser.add_argument("--report", metavar="FILE", help="Also write the report as JSON.")
        parser.add_argument(
            "--mapping", metavar="FILE", help="TOML overriding old table/column names."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(os.cpu_count() or 1, 4),
            help="Processes re-encoding images (0: in this process).",
        )

    def handle(self, *args, **o):
        zones = {}
        for item in o["gym_timezone"]:
            old, sep, tz = item.partition("=")
            if not sep or not old:
                raise CommandError(f"--gym-timezone {item!r}: expected OLD_GYM_ID=Area/City")
            zones[old] = _zone(tz)
        if o["mapping"]:
            try:
                mapping.load(o["mapping"])
            except (OSError, ValueError) as exc:  # TOMLDecodeError is a ValueError
                raise CommandError(f"--mapping: {exc}") from exc
        options = Options(
            source_url=o["source"],
            gym_zones=zones,
            default_zone=_zone(o["default_timezone"]),
            dry_run=o["dry_run"],
            mapping_file=o["mapping"],
            workers=max(o["workers"], 0),
            progress=o["verbosity"] > 0,
        )
        try:
            report = run_import(options)
        except SourceUnreadable as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if report.missing:
            self.stderr.write("The source does not match the mapping; nothing was written:")
            for item in report.missing:
                self.stderr.write(f"  missing {item}")
        else:
            self.stdout.write("\n".join(report.lines()))
        if o["report"]:
            report.write(o["report"])
            self.stdout.write(f"Report written to {o['report']}.")

"""A chain-sized import: build an old-system database with the tests' generator, import it.

    .venv/bin/python bench/legacy_import_bench.py [--scale 1.0] [--workers 2]

Full scale (--scale 1): 10 gyms x 400 members, 90 days of logs (3 a day), 3,200 avatars
of ~300 KB base64, 5,000 saved-meal photos (each first log of a meal carries a copy,
as the old app did). Smaller scales shrink members, avatars and photos alike (days stay
90). Needs DATABASE_URL (postgres://...); two scratch databases are made next to it,
<name>_bench_old (the old system) and <name>_bench (ours, migrated), and dropped after
unless --keep. Prints wall time per phase, rows and images per second, and the peak
resident memory of the importer and of its worst image worker. Goal at full scale:
under 15 minutes and under 400 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymintel.settings")


def _with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 4))
    parser.add_argument("--keep", action="store_true", help="Keep both scratch databases.")
    parser.add_argument("--build-only", metavar="FACTS_JSON", help=argparse.SUPPRESS)
    parser.add_argument("--import-only", metavar="FACTS_JSON", help=argparse.SUPPRESS)
    parser.add_argument("--figures", metavar="FIGURES_JSON", help=argparse.SUPPRESS)
    args = parser.parse_args()

    base = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    ours_name = urlsplit(base).path.lstrip("/")
    old_name, bench_name = f"{ours_name}_bench_old", f"{ours_name}_bench"

    from legacy.tests.legacy_db import Shape, build_legacy_db, drop_database, scratch_database

    gyms = max(1, round(10 * args.scale))
    shape = Shape(
        gyms=gyms,
        members_per_gym=400,
        coaches_per_gym=4,
        days=90,
        logs_per_day=3,
        avatars=round(3200 * args.scale),
        meal_photos=round(5000 * args.scale),
        meals_per_member=2,
        image_side=700,  # ~300 KB of base64 per noise JPEG
        dirt=True,
    )
    old_url = _with_db(base, old_name)
    if args.build_only:
        # In its own process, so the generator's rows do not count in the import's memory.
        scratch_database(base, old_name)
        facts = build_legacy_db(old_url, shape=shape)
        Path(args.build_only).write_text(json.dumps({"zones": facts.gym_zones, "logs": facts.logs}))
        return
    work = Path(tempfile.mkdtemp(prefix="gymintel-bench-"))
    if args.import_only:
        _import(args, base, old_url, _with_db(base, bench_name), work)
        return
    started = time.monotonic()
    facts_file = work / "facts.json"
    _self(args, "--build-only", str(facts_file))
    facts = json.loads(facts_file.read_text())
    built = time.monotonic() - started
    print(f"old database built in {built:.0f} s: {facts['logs']} logs", flush=True)
    # The import in a process of its own too: its peak memory and its workers' are then
    # its own (RUSAGE_CHILDREN would otherwise hold the generator's).
    figures_file = work / "figures.json"
    _self(args, "--import-only", str(facts_file), "--figures", str(figures_file))
    figures = {"old_db_build_s": round(built), **json.loads(figures_file.read_text())}
    print(json.dumps(figures, indent=2))
    if not args.keep:
        drop_database(base, old_name)
        drop_database(base, bench_name)


def _self(args, *extra: str) -> None:
    command = [sys.executable, __file__, "--scale", str(args.scale)]
    command += ["--workers", str(args.workers), *extra]
    subprocess.run(command, check=True)  # noqa: S603 (this very script, our own arguments)


def _import(args, base: str, old_url: str, ours_url: str, work: Path) -> None:
    from legacy.tests.legacy_db import scratch_database

    facts = json.loads(Path(args.import_only).read_text())
    os.environ["DATABASE_URL"] = ours_url
    scratch_database(base, urlsplit(ours_url).path.lstrip("/"))
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = str(work / "media")
    call_command("migrate", verbosity=0)

    report_file = work / "report.json"
    zones = [f"--gym-timezone={old}={zone}" for old, zone in facts["zones"].items()]
    load_before = os.getloadavg()
    cpu_before = _cpu_seconds()
    started = time.monotonic()
    call_command(
        "import_legacy",
        "--source",
        old_url,
        "--report",
        str(report_file),
        "--workers",
        str(args.workers),
        *zones,
        stdout=io.StringIO(),
    )
    wall = time.monotonic() - started
    cpu = _cpu_seconds() - cpu_before
    load_after = os.getloadavg()
    report = json.loads(report_file.read_text())
    rows = sum(t["imported"] for t in report["tables"].values())
    images = report["images"]["stored"]
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures = {
        "scale": args.scale,
        "workers": args.workers,
        "import_wall_s": round(wall, 1),
        # CPU seconds of the importer and its image workers (PostgreSQL's own not
        # included): what the import needs of a quiet machine, whatever the load was.
        "import_cpu_s": round(cpu, 1),
        "rows_imported": rows,
        "rows_per_s": round(rows / wall),
        "images_stored": images,
        "images_reused": report["images"]["reused"],
        "images_invalid": len(report["images"]["invalid"]),
        "images_per_s": round(images / wall, 1),
        "peak_rss_importer_mb": round(own),
        "peak_rss_worst_worker_mb": round(workers),
        "load_avg_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "audit": report["audit"],
        "tables": {k: v["imported"] for k, v in report["tables"].items()},
    }
    Path(args.figures).write_text(json.dumps(figures))


if __name__ == "__main__":
    main()

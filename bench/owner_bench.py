"""The chain owner's overview on PostgreSQL: 40 gyms x 400 members.

    .venv/bin/python bench/owner_bench.py [--gyms 40] [--members 400] [--repeat 15]
                                          [--keep-db] [--reuse-db]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust). It (re)creates the database
gymintel_bench_owner, migrates it and seeds `seed_demo --gyms N --members-per-gym M
--coaches-per-gym 5 --days 30` (owner@demo.gym included). Then, in process (Django's test
client, no HTTP server, local-memory cache), as the owner:

- GET /api/owner/gyms/ (every gym on one page), GET /api/owner/coaches/?page_size=100,
  GET /owner/ (the table, 8-week charts), GET /owner/gyms/{id}/ and /owner/export.csv;
- queries, p50/p95 server time (request in, body out), response bytes;
- the machine (CPU model, cores) and its load average before and after, since the figures
  depend on what else runs.

Prints a Markdown table for docs/PERFORMANCE.md and EXPLAIN ANALYZE of the heaviest query
(the members' activity), then drops the database unless --keep-db.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dashboard_bench import PASSWORD, PY, ROOT, measure

DB_NAME = "gymintel_bench_owner"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def prepare_database(gyms: int, members: int, env: dict) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        db.execute(f'CREATE DATABASE "{DB_NAME}"')
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603 (our own command)
        [
            PY, "manage.py", "seed_demo", "--gyms", str(gyms), "--members-per-gym", str(members),
            "--coaches-per-gym", "5", "--days", "30",
        ],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    # As autovacuum would leave it after a while: planner statistics, and a visibility map
    # for index-only scans (a fresh bulk load has neither).
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}", autocommit=True) as db:
        db.execute("VACUUM ANALYZE")


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} x {model}, Python {platform.python_version()}"


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gyms", type=int, default=40)
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--cold-repeat", type=int, default=3)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--reuse-db", action="store_true", help="skip drop, migrate and seed")
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": DB_URL, "FAST_PASSWORD_HASHER": "1", "DEBUG": "0"}
    for name in ("REDIS_URL", "GYMINTEL_TESTING", "CELERY_BROKER_URL"):
        env.pop(name, None)
    if not args.reuse_db:
        prepare_database(args.gyms, args.members, env)
    os.environ.clear()
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymintel.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from accounts.models import Gym, Member, User
    from accounts.tokens import tokens_for
    from members.models import DailyLog
    from owner import selectors

    setup_test_environment()
    owner = User.objects.get(email="owner@demo.gym")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(owner).access_token}")
    page = Client()
    assert (
        page.post("/accounts/login/", {"email": owner.email, "password": PASSWORD}).status_code
        == 302
    )
    gym = Gym.objects.order_by("id").first()
    sizes = (
        f"{Gym.objects.count()} gyms, {Member.objects.count():,} members, "
        f"{DailyLog.objects.count():,} logs"
    )
    before = load()
    calls = [
        ("GET /api/owner/gyms/ (all gyms, one page)", lambda: api.get("/api/owner/gyms/").content),
        (
            "GET /api/owner/coaches/?page_size=100",
            lambda: api.get("/api/owner/coaches/", {"page_size": 100}).content,
        ),
        ("GET /owner/ (table and 8-week charts)", lambda: page.get("/owner/").content),
        ("GET /owner/export.csv", lambda: page.get("/owner/export.csv").content),
        (
            "GET /owner/gyms/{id}/ (one gym, its dashboard)",
            lambda: page.get(f"/owner/gyms/{gym.pk}/").content,
        ),
    ]
    # Warm: the figures in the cache, as beat keeps them (the first, warm-up call of each
    # measure() fills it).
    results = [(f"{label}, figures cached", measure(fn, args.repeat)) for label, fn in calls]
    from django.core.cache import cache

    def cold(fn):
        def call():
            cache.clear()
            return fn()

        return call

    # Cold: every call computes every gym's figures (a cold cache, or beat not running);
    # the session is lost with the cache, so only the API is measured cold.
    for label, fn in calls[:2]:
        results.append((f"{label}, cold cache", measure(cold(fn), args.cold_repeat)))
    from owner.figures import refresh_all

    refresh = ("refresh_owner_figures (beat, every gym)", lambda: str(refresh_all()).encode())
    results.append((refresh[0], measure(refresh[1], args.cold_repeat)))
    after = load()

    refs = selectors.gym_refs(gyms=Gym.objects.all())
    today, ids = next(iter(selectors._by_today(refs).items()))
    from accounts.models import Member as M
    from coaching.selectors.dashboard import with_activity

    activity = with_activity(M.objects.filter(gym_id__in=ids, user__is_active=True), today)
    print(activity.values_list("gym_id", "active_days_7", "needs_attention").explain(analyze=True))
    print()
    print(f"Machine: {machine()}; data: {sizes}")
    print(f"Load average (1/5/15 min) before: {before}; after: {after}")
    print()
    print("| what | queries | p50 ms | p95 ms | bytes |")
    print("|---|---:|---:|---:|---:|")
    for label, m in results:
        print(f"| {label} | {m['queries']} | {m['p50']:.1f} | {m['p95']:.1f} | {m['bytes']:,} |")
    if not args.keep_db:
        drop_database()


if __name__ == "__main__":
    main()

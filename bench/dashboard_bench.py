"""Coach dashboard on PostgreSQL: the aggregated selector next to the old 1+3N loop.

    .venv/bin/python bench/dashboard_bench.py [--gyms 3] [--repeat 30] [--keep-db] [--reuse-db]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust). It (re)creates the database
gymintel_bench_dashboard, migrates it and seeds `seed_demo --gyms N --members-per-gym 400
--coaches-per-gym 4 --days 30`, so coach1-1 has 100 members and admin1 the gym's 400.
Then, in process (Django's test client, no HTTP server, local-memory cache):

- GET /api/coach/dashboard/?page_size=500 as the coach (100 rows) and the admin (400 rows):
  queries, p50/p95 server time (request in, JSON out), response bytes;
- the same rows computed the old way, one query for the members and three per member
  (this week's logs, the 30-day logs, the latest check-ins), then serialized: the same
  figures, and a check that both designs produce identical rows;
- the /coach/ page (100 rows a page) and the CSV export of the 400.

Prints a Markdown table for docs/PERFORMANCE.md and drops the database unless --keep-db.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "gymintel_bench_dashboard"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PASSWORD = "demo-pass-123"  # noqa: S105 (seed_demo's documented demo password)


def run(*args: str, env: dict) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own commands)


def prepare_database(gyms: int, env: dict) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        db.execute(f'CREATE DATABASE "{DB_NAME}"')
    run(PY, "manage.py", "migrate", "-v0", env=env)
    run(
        PY, "manage.py", "seed_demo", "--gyms", str(gyms), "--members-per-gym", "400",
        "--coaches-per-gym", "4", "--days", "30", env=env,
    )  # fmt: skip


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


def old_dashboard(scope) -> bytes:
    """The old design's pattern: the members, then three queries per member."""
    from coaching.selectors.dashboard import (
        _DROP_LHS,
        _DROP_RHS,
        MIN_ACTIVE_DAYS,
        QUIET_DAYS,
        scope_members,
    )
    from gymintel.clock import gym_today, week_start
    from media_store.selectors import avatar_url
    from members.models import CheckIn, DailyLog

    today = gym_today(scope.gym_tz)
    monday, since_30 = week_start(today), today - timedelta(days=29)
    rows = []
    for member in scope_members(scope).select_related("user").order_by("user__name", "id"):
        week = list(DailyLog.objects.filter(member=member, date__gte=monday, date__lte=today))
        dates = set(
            DailyLog.objects.filter(member=member, date__gte=since_30, date__lte=today).values_list(
                "date", flat=True
            )
        )
        weights = list(CheckIn.objects.filter(member=member)[:4])
        meals = [log for log in week if log.type == "meal"]
        kcal = [m for m in meals if m.estimated_calories is not None]
        prot = [m for m in meals if m.estimated_protein is not None]
        a7 = len({d for d in dates if d > today - timedelta(days=7)})
        quiet = not {d for d in dates if d > today - timedelta(days=QUIET_DAYS)}
        last = max(dates) if dates else None
        rows.append(
            {
                "member": {
                    "id": member.pk,
                    "name": member.user.name,
                    "avatar_url": avatar_url(member.avatar_key, size="small"),
                },
                "logs_this_week": {
                    kind: sum(1 for log in week if log.type == kind)
                    for kind in ("meal", "training", "water")
                },
                "calories_avg_this_week": (
                    int(
                        (
                            Decimal(sum(m.estimated_calories for m in kcal))
                            / len({m.date for m in kcal})
                        ).quantize(Decimal("1"), ROUND_HALF_UP)
                    )
                    if kcal
                    else None
                ),
                "protein_avg_this_week": (
                    float(
                        (
                            sum(m.estimated_protein for m in prot) / len({m.date for m in prot})
                        ).quantize(Decimal("0.1"), ROUND_HALF_UP)
                    )
                    if prot
                    else None
                ),
                "active_days_30": len(dates),
                "last_log_date": last.isoformat() if last else None,
                "recent_weights": [
                    {"weight": float(c.weight), "date": c.date.isoformat()} for c in weights
                ],
                "needs_attention": quiet
                or len(dates) < MIN_ACTIVE_DAYS
                or (len(dates) > 0 and _DROP_LHS * a7 <= _DROP_RHS * len(dates)),
            }
        )
    return json.dumps({"count": len(rows), "results": rows}).encode()


def measure(fn, repeat: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up: connection, caches, plans
    # A request through the test client starts with reset_queries(); start from zero too.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        body = fn()
    # Read now: the context slices the live log, which the next request clears.
    query_count = len(queries)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "queries": query_count,
        "p50": statistics.median(times),
        "p95": times[max(0, int(len(times) * 0.95) - 1)],
        "bytes": len(body),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gyms", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--old-repeat", type=int, default=5)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--reuse-db", action="store_true", help="skip drop, migrate and seed")
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": DB_URL, "FAST_PASSWORD_HASHER": "1", "DEBUG": "0"}
    for name in ("REDIS_URL", "GYMINTEL_TESTING", "CELERY_BROKER_URL"):
        env.pop(name, None)
    if not args.reuse_db:
        prepare_database(args.gyms, env)
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymintel.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from accounts.models import Staff
    from accounts.tokens import tokens_for
    from coaching.selectors.dashboard import dashboard_page

    setup_test_environment()  # the test client on a non-test database, ALLOWED_HOSTS etc.
    results = []
    for email in ("coach1-1@demo.gym", "admin1@demo.gym"):
        staff = Staff.objects.select_related("user", "gym").get(user__email=email)
        scope = staff_scope(staff)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(staff.user).access_token}")
        new = api.get("/api/coach/dashboard/", {"page_size": 500}).json()
        old = json.loads(old_dashboard(scope))
        assert new["results"] == old["results"], "the two designs disagree"
        size = new["count"]

        def api_call(api=api):
            return api.get("/api/coach/dashboard/", {"page_size": 500}).content

        def selector(scope=scope):
            return json.dumps(dashboard_page(scope=scope, page_size=500).rows).encode()

        page = Client()
        page.post("/accounts/login/", {"email": email, "password": PASSWORD})

        def html(page=page):
            return page.get("/coach/").content

        def csv_export(page=page):
            return b"".join(page.get("/coach/export.csv").streaming_content)

        for label, fn, repeat in [
            ("GET /api/coach/dashboard/ (selector, DRF, JSON)", api_call, args.repeat),
            ("selector alone + json.dumps", selector, args.repeat),
            (
                "old 1+3N loop + json.dumps",
                lambda scope=scope: old_dashboard(scope),
                args.old_repeat,
            ),
            ("GET /coach/ page (100 rows a page)", html, args.repeat),
            ("GET /coach/export.csv (streamed)", csv_export, args.repeat),
        ]:
            results.append((size, label, measure(fn, repeat)))
    # The plan of the rows query for the whole gym, to see which index it used.
    from coaching.selectors.dashboard import _dashboard_queryset
    from gymintel.clock import gym_today

    scope = staff_scope(Staff.objects.select_related("gym").get(user__email="admin1@demo.gym"))
    rows = _dashboard_queryset(scope, gym_today(scope.gym_tz), sort="name", needs_attention=False)
    print(rows[:500].explain(analyze=True))
    print()
    print("| members | what | queries | p50 ms | p95 ms | bytes |")
    print("|---:|---|---:|---:|---:|---:|")
    for size, label, m in results:
        print(
            f"| {size} | {label} | {m['queries']} | {m['p50']:.1f} | {m['p95']:.1f} | "
            f"{m['bytes']:,} |"
        )
    if not args.keep_db:
        drop_database()


def staff_scope(staff):
    from accounts.identity import identity_for
    from coaching.selectors.dashboard import StaffScope

    return StaffScope.of(identity_for(staff.user_id))


if __name__ == "__main__":
    main()

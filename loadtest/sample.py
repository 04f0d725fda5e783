"""Sample the topology while a load test runs; write peaks and a time series on exit.

Every INTERVAL seconds (default 0.5):
- PostgreSQL backends connected to the load test database (pg_stat_activity, our own
  sampling connection excluded): the number the 30-connection goal is about;
- PgBouncer's pools (SHOW POOLS): client connections active and waiting, server
  connections in use, the longest wait;
- resident memory (VmRSS) of every gunicorn worker and Celery process, from /proc.

    python loadtest/sample.py --db gymintel_loadtest --pidfile deploy/run/pids/app1.pid \
        --pidfile ... --out samples.json    (stops on SIGTERM or SIGINT)
"""

from __future__ import annotations

import argparse
import json
import signal
import time
from pathlib import Path

import psycopg


def children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        kids: list[int] = []
        for task in tasks:
            text = (task / "children").read_text().split()
            kids.extend(int(k) for k in text)
        return kids
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def master_pids(pidfiles: list[str]) -> dict[str, int]:
    out = {}
    for pf in pidfiles:
        try:
            out[Path(pf).stem] = int(Path(pf).read_text().strip())
        except (OSError, ValueError):
            continue
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--pg", default="postgresql://postgres:postgres@127.0.0.1:5432/postgres")
    ap.add_argument(
        "--pgbouncer", default="postgresql://postgres:postgres@127.0.0.1:6439/pgbouncer"
    )
    ap.add_argument("--pidfile", action="append", default=[])
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    pg = psycopg.connect(args.pg, autocommit=True)
    try:
        # The admin console speaks only the simple query protocol: client-side cursors.
        bouncer = psycopg.connect(
            args.pgbouncer, autocommit=True, cursor_factory=psycopg.ClientCursor
        )
    except psycopg.Error:
        bouncer = None
    series = []
    peak = {
        "pg_connections": 0,
        "pg_active": 0,
        "pgbouncer_cl_waiting": 0,
        "pgbouncer_maxwait_s": 0.0,
        "worker_rss_mb": 0.0,
        "celery_rss_mb": 0.0,
    }
    started = time.monotonic()
    while running:
        row = pg.execute(
            "SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [args.db],
        ).fetchone()
        sample = {"t": round(time.monotonic() - started, 1), "pg": row[0], "pg_active": row[1]}
        if bouncer is not None:
            try:
                cur = bouncer.execute("SHOW POOLS")
                cols = [c.name for c in cur.description]
                pools = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
                mine = [p for p in pools if p["database"] == args.db]
                sample["cl_active"] = sum(p["cl_active"] for p in mine)
                sample["cl_waiting"] = sum(p["cl_waiting"] for p in mine)
                sample["sv_active"] = sum(p["sv_active"] for p in mine)
                sample["maxwait_s"] = max(
                    (p["maxwait"] + p.get("maxwait_us", 0) / 1e6 for p in mine), default=0
                )
            except psycopg.Error:
                pass
        workers = {}
        for name, pid in master_pids(args.pidfile).items():
            kids = children(pid)
            if name.startswith("celery"):
                sample["celery_rss_mb"] = round(max([rss_mb(pid)] + [rss_mb(k) for k in kids]), 1)
            else:
                for kid in kids:
                    workers[f"{name}:{kid}"] = round(rss_mb(kid), 1)
        sample["worker_rss_mb"] = max(workers.values(), default=0.0)
        series.append(sample)
        peak["pg_connections"] = max(peak["pg_connections"], sample["pg"])
        peak["pg_active"] = max(peak["pg_active"], sample["pg_active"])
        peak["pgbouncer_cl_waiting"] = max(
            peak["pgbouncer_cl_waiting"], sample.get("cl_waiting", 0)
        )
        peak["pgbouncer_maxwait_s"] = max(peak["pgbouncer_maxwait_s"], sample.get("maxwait_s", 0))
        peak["worker_rss_mb"] = max(peak["worker_rss_mb"], sample["worker_rss_mb"])
        peak["celery_rss_mb"] = max(peak["celery_rss_mb"], sample.get("celery_rss_mb", 0.0))
        time.sleep(args.interval)

    Path(args.out).write_text(json.dumps({"peak": peak, "series": series}, indent=0))


if __name__ == "__main__":
    main()

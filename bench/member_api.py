"""Member API throughput and latency under gunicorn on PostgreSQL, next to ceilings.

    .venv/bin/python bench/member_api.py [--duration 10] [--connections 16]
        [--gyms 3] [--members-per-gym 100] [--keep-db]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and `wrk` (apt-get install wrk).
It (re)creates the database gymintel_bench_api, migrates it, seeds demo data, writes
access tokens for every member with loadtest_tokens, starts gunicorn with
gunicorn.conf.py on loopback, then drives each endpoint with wrk for --duration seconds
(after a 2 s warm-up), rotating over all members' tokens. Prints a Markdown table for
docs/PERFORMANCE.md. Everything binds to 127.0.0.1; gunicorn is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "gymintel_bench_api"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"

# (label, method, path, body): the ceilings first, then the member endpoints.
SCENARIOS = [
    ("Django JsonResponse (ceiling)", "GET", "/bench/hello/", None),
    ("DRF APIView + token auth, no DB", "GET", "/bench/drf-hello/", None),
    ("GET /api/member/profile/", "GET", "/api/member/profile/", None),
    ("GET /api/logs/ (a full page of 50)", "GET", "/api/logs/", None),
    ("GET /api/checkins/", "GET", "/api/checkins/", None),
    ("GET /api/member/meals/", "GET", "/api/member/meals/", None),
    ("POST /api/logs/ (scored)", "POST", "/api/logs/", '{"type": "water"}'),
]


def run(*args: str, env: dict | None = None) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own commands)


def prepare_database(args, env: dict) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        db.execute(f'CREATE DATABASE "{DB_NAME}"')
    run(PY, "manage.py", "migrate", "-v0", env=env)
    run(
        PY, "manage.py", "seed_demo", "--gyms", str(args.gyms),
        "--members-per-gym", str(args.members_per_gym), "--days", "30", env=env,
    )  # fmt: skip


def member_tokens(env: dict, folder: Path) -> Path:
    everyone = folder / "tokens.json"
    run(PY, "manage.py", "loadtest_tokens", "--out", str(everyone), "--lifetime", "3600", env=env)
    tokens = json.loads(everyone.read_text())
    members = [token for email, token in tokens.items() if email.startswith("member")]
    path = folder / "member_tokens.txt"
    path.write_text("\n".join(members) + "\n")
    return path


def wait_until_up(base: str, proc: subprocess.Popen) -> None:
    for _ in range(100):
        if proc.poll() is not None:
            sys.exit("gunicorn exited before answering")
        try:
            url = f"{base}/bench/hello/"  # always http://127.0.0.1
            with urllib.request.urlopen(url, timeout=1) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer within 20 s")


def drive(base: str, method: str, path: str, body: str | None, seconds: int, args, tokens):
    env = {**os.environ, "BENCH_TOKENS": str(tokens), "BENCH_METHOD": method}
    if body:
        env["BENCH_BODY"] = body
    command = [
        "wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(ROOT / "bench" / "member_api.lua"), base + path,
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    out = done.stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--gyms", type=int, default=3)
    parser.add_argument("--members-per-gym", type=int, default=100)
    parser.add_argument("--port", type=int, default=8591)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    env = {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "DJANGO_SETTINGS_MODULE": "bench.member_api_settings",
        "FAST_PASSWORD_HASHER": "1",
        "GUNICORN_ACCESSLOG": "off",
        "GUNICORN_CONTROL_SOCKET": "off",
        "GUNICORN_LOGLEVEL": "warning",
    }
    for name in ("REDIS_URL", "TEST_DATABASE_NAME", "GYMINTEL_TESTING", "CELERY_EAGER"):
        env.pop(name, None)
    prepare_database(args, env)
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory(prefix="gymintel-bench-") as folder:
        tokens = member_tokens(env, Path(folder))
        server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "gymintel.wsgi",
             "--bind", f"127.0.0.1:{args.port}"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            wait_until_up(base, server)
            rows = []
            for label, method, path, body in SCENARIOS:
                drive(base, method, path, body, 2, args, tokens)  # warm-up, not recorded
                result = drive(base, method, path, body, args.duration, args, tokens)
                rate = result["requests"] / (result["duration_us"] / 1e6)
                rows.append((label, rate, result))
                print(f"{label}: {rate:.0f} req/s", file=sys.stderr)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\n{args.connections} connections, {args.duration} s each, gunicorn.conf.py defaults\n")
    print("| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, rate, r in rows:
        errors = r["non_2xx_3xx"] + r["socket_errors"]
        print(
            f"| {label} | {rate:,.0f} | {r['p50_us'] / 1000:.1f} | {r['p95_us'] / 1000:.1f} "
            f"| {r['p99_us'] / 1000:.1f} | {errors} |"
        )
    if not args.keep_db:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()

"""The database connection bound, proven on a real gunicorn against real PostgreSQL.

The old system opened connections without a bound and fell over at ~200 users when
PostgreSQL ran out of them. Here a real gunicorn (gunicorn.conf.py, 2 workers x 3
threads) is hammered with far more concurrent requests than it has threads, while
a sampler counts its backends in pg_stat_activity by a unique application_name:
the count must never pass workers x threads.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from accounts.tests.factories import PASSWORD, MemberFactory

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKERS, THREADS = 2, 3
CLIENTS = 48  # concurrent client connections: 8x the server's threads
REQUESTS = 480

# Serial: a real gunicorn under load, sampled in pg_stat_activity; other workers' load
# would slow the sampling and their backends share the server's connection limit.
pytestmark = [pytest.mark.slow, pytest.mark.serial]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _backends(conninfo: str, app_name: str) -> int:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [app_name]
        ).fetchone()
    return row[0]


def _gunicorn_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "GUNICORN_ACCESSLOG": "off",
        "GUNICORN_LOGLEVEL": "warning",
        "GUNICORN_CONTROL_SOCKET": "off",
    }
    env.update(extra)
    return env


def _request(port: int, method: str, path: str, body: dict | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _wait_healthy(port: int, proc: subprocess.Popen, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited early with {proc.returncode}")
        try:
            if _request(port, "GET", "/healthz/") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not become healthy")


def _call(port: int, i: int, email: str) -> int:
    """Alternate a health check (SELECT 1 + Redis) and a login (reads + an insert)."""
    if i % 2:
        return _request(port, "GET", "/healthz/")
    return _request(port, "POST", "/api/auth/token/", {"email": email, "password": PASSWORD})


@pytest.mark.django_db(transaction=True)
def test_pg_connections_never_exceed_workers_times_threads():
    # Committed (transactional test): the gunicorn processes can read it.
    member = MemberFactory(user__email="bound@example.com")

    app_name = f"gymintel-bound-{uuid.uuid4().hex[:12]}"
    port = _free_port()
    db_url = _database_url()
    conninfo = db_url.replace("postgres://", "postgresql://", 1)
    env = _gunicorn_env(
        DATABASE_URL=db_url,
        DB_APPLICATION_NAME=app_name,
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_THREADS=str(THREADS),
        LOGIN_THROTTLE_PER_PAIR="100000",
        LOGIN_THROTTLE_PER_EMAIL="100000",
        LOGIN_THROTTLE_PER_IP="100000",
    )
    proc = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "gymintel.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    samples: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            while not stop.is_set():
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                    [app_name],
                ).fetchone()
                samples.append(row[0])
                time.sleep(0.005)

    try:
        _wait_healthy(port, proc)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            statuses = Counter(
                pool.map(lambda i: _call(port, i, member.user.email), range(REQUESTS))
            )
        stop.set()
        sampler.join(timeout=10)
    finally:
        stop.set()
        proc.send_signal(signal.SIGTERM)
        try:
            _, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()

    # Every request answered (a refused connection would show as 503 from /healthz/
    # or a 500 from the login), and the sampler really saw the instance's backends.
    assert statuses == Counter({200: REQUESTS}), (statuses, stderr.decode()[-2000:])
    assert len(samples) > 20
    assert max(samples) >= 1
    assert max(samples) <= WORKERS * THREADS, f"peak {max(samples)} > {WORKERS}x{THREADS}"

    # A stopped instance gives its connections back (no leak into PostgreSQL).
    deadline = time.monotonic() + 10
    while _backends(conninfo, app_name) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _backends(conninfo, app_name) == 0


def test_gunicorn_refuses_to_start_past_the_connection_budget():
    proc = subprocess.run(
        [
            str(GUNICORN),
            "-c",
            "gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{_free_port()}",
            "gymintel.wsgi",
        ],
        cwd=ROOT,
        env=_gunicorn_env(WEB_CONCURRENCY="5", GUNICORN_THREADS="4", DB_CONNECTION_BUDGET="16"),
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "20 database connections, over DB_CONNECTION_BUDGET=16" in proc.stderr.decode()

"""The prune task run by a REAL Celery worker process, through the real Redis broker,
against this test's PostgreSQL database.

The broker is a Redis database of its own (CELERY_TEST_BROKER_URL, default: REDIS_URL's
server, database 5) and the queue name is unique to this run, so parallel runs and
other engineers' workers never take each other's messages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from aicoach.models import AIResponseCache
from gymintel.tests.support import missing

pytestmark = [pytest.mark.slow, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

WORKER_DEADLINE_SECONDS = 120  # worker start-up on a busy 2-core machine included


def _broker_url() -> str:
    explicit = os.environ.get("CELERY_TEST_BROKER_URL")
    if explicit:
        return explicit
    if not settings.REDIS_URL:
        missing("needs Redis: set REDIS_URL (scripts/test does)")
    return urlunsplit(urlsplit(settings.REDIS_URL)._replace(path="/5"))


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        missing("the worker process needs a database it can reach: PostgreSQL")
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


def _entries(prefix: str, count: int, expires_in: timedelta) -> None:
    now = timezone.now()
    AIResponseCache.objects.bulk_create(
        AIResponseCache(key=f"{prefix}-{n}", question="q", reply="r", expires_at=now + expires_in)
        for n in range(count)
    )


def test_a_real_worker_prunes_expired_entries_in_batches_and_keeps_live_ones(tmp_path: Path):
    broker = _broker_url()
    database_url = _database_url()
    _entries("expired", 7, timedelta(seconds=-1))
    _entries("live", 4, timedelta(days=1))
    queue = f"test-prune-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,  # the pytest database, where the rows above are
        "CELERY_BROKER_URL": broker,
        "CELERY_EAGER": "0",
        "DB_CONN_MAX_AGE": "0",
    }
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "gymintel",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    sender = Celery("gymintel-test-sender", broker=broker)
    try:
        sender.send_task("aicoach.tasks.prune_ai_cache", kwargs={"batch_size": 3}, queue=queue)
        deadline = time.monotonic() + WORKER_DEADLINE_SECONDS
        while "succeeded" not in log_path.read_text():
            assert worker.poll() is None, f"worker died:\n{log_path.read_text()}"
            assert time.monotonic() < deadline, f"task not run in time:\n{log_path.read_text()}"
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        with sender.connection_for_write() as conn:
            redis = conn.default_channel.client
            leftovers = redis.keys(f"*{queue}*")  # kombu's binding keys for our queue
            if leftovers:
                redis.delete(*leftovers)
        sender.close()

    output = log_path.read_text()
    assert set(AIResponseCache.objects.values_list("key", flat=True)) == {
        f"live-{n}" for n in range(4)
    }
    batch_lines = [line for line in output.splitlines() if "deleted a batch of" in line]
    assert [line.split("deleted a batch of ")[1] for line in batch_lines] == [
        "3 expired entries",
        "3 expired entries",
        "1 expired entries",
    ], output
    assert "'expired': 7, 'evicted': 0, 'batches': 3" in output

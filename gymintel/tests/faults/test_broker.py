"""The Celery broker down: no request waits on it.

Where tasks are published: only by Celery beat (prune_ai_cache), never from a request
(the tripwire below keeps it so). Proven three ways: a real gunicorn with its broker
at a hung port answers every write promptly and never even connects to it; a publish
against a dead or a hung broker gives up within a bound (so a future publisher cannot
hang a request for long); and the source holds no publish call outside tasks.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from accounts.models import Member
from accounts.tests.factories import PASSWORD
from aicoach.tests.fake_anthropic import API_KEY, FakeAnthropicServer
from challenges.tests.factories import ChallengeFactory
from conftest import bearer
from gymintel.tests.faults.servers import (
    ROOT,
    Gunicorn,
    Tarpit,
    dead_port,
    multipart,
    shared_test_db_url,
)
from media_store.tests import samples
from members.models import CheckIn, DailyLog, SavedMeal
from members.tests.factories import DailyLogFactory

# What a request may lose to the broker at worst (it loses 0 today). A publish gives up
# after 2 attempts x 2 s socket timeout plus backoff, about 5 s; 15 s leaves room for a
# loaded shared machine, while a publish without socket timeouts never returns.
BOUND_SECONDS = 15

_PUBLISH = """
import json, time, django
django.setup()
from aicoach.tasks import prune_ai_cache
started = time.monotonic()
try:
    prune_ai_cache.apply_async()
    outcome = "sent"
except Exception as exc:
    outcome = type(exc).__name__
print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - started}))
"""


def _publish_with_broker_at(url: str) -> dict:
    """One publish, in a fresh process configured from the environment as in production."""
    env = {"CELERY_BROKER_URL": url, "CELERY_EAGER": "0"}
    proc = subprocess.run(
        [sys.executable, "-c", _PUBLISH],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        timeout=60,  # the bug this guards against: a publish that never returns
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


@pytest.mark.slow
def test_a_publish_gives_up_quickly_on_a_dead_or_hung_broker():
    refused = _publish_with_broker_at(f"redis://127.0.0.1:{dead_port()}/0")
    with Tarpit() as hung:
        silent = _publish_with_broker_at(f"redis://127.0.0.1:{hung.port}/0")
        reached = hung.accepted

    assert refused["outcome"] == "OperationalError" and refused["seconds"] < BOUND_SECONDS
    # Before the socket timeouts in CELERY_BROKER_TRANSPORT_OPTIONS this never returned.
    assert silent["outcome"] == "OperationalError" and silent["seconds"] < BOUND_SECONDS
    assert reached >= 1  # it really talked to the hung broker


@pytest.mark.slow
@pytest.mark.serial  # a real gunicorn
@pytest.mark.django_db(transaction=True)
def test_every_write_answers_promptly_with_the_broker_hung(gym, member):
    challenge = ChallengeFactory(gym=gym)
    old_log = DailyLogFactory(member=member, type="water")
    token = bearer(member.user)
    with (
        Tarpit() as broker,
        FakeAnthropicServer() as claude,
        tempfile.TemporaryDirectory() as media,
    ):
        env = {
            "DATABASE_URL": shared_test_db_url(),
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{broker.port}/0",
            "CELERY_EAGER": "0",
            "ANTHROPIC_API_KEY": API_KEY,
            "ANTHROPIC_BASE_URL": claude.url,
            "MEDIA_ROOT": media,
        }
        with Gunicorn(**env) as app:
            calls = {
                "log": app.request("POST", "/api/logs/", {"type": "meal"}, token),
                "delete log": app.request("DELETE", f"/api/logs/{old_log.pk}/", None, token),
                "check-in": app.request("POST", "/api/checkins/", {"weight": 70}, token),
                "meal": app.request("POST", "/api/member/meals/", {"name": "Oats"}, token),
                "profile": app.request("PATCH", "/api/member/profile/", {"name": "M"}, token),
                "join": app.request("POST", f"/api/challenges/{challenge.pk}/join/", None, token),
                "chat": app.request("POST", "/api/ai/chat/", {"message": "Protein?"}, token),
                "avatar": app.request(
                    "POST",
                    "/api/member/avatar/",
                    token=token,
                    raw=multipart("image", "me.jpg", samples.jpeg(), "image/jpeg"),
                ),
                "login": app.request(
                    "POST",
                    "/api/auth/token/",
                    {"email": member.user.email, "password": PASSWORD},
                ),
            }
        reached = broker.accepted

    statuses = {name: r.status for name, r in calls.items()}
    assert statuses == {
        "log": 201, "delete log": 204, "check-in": 201, "meal": 201, "profile": 200,
        "join": 201, "chat": 200, "avatar": 200, "login": 200,
    }  # fmt: skip
    slow = {name: round(r.seconds, 2) for name, r in calls.items() if r.seconds > BOUND_SECONDS}
    assert not slow
    assert reached == 0  # no request even tried the broker
    assert DailyLog.objects.filter(member=member).count() == 1  # the new one; the old deleted
    assert CheckIn.objects.filter(member=member).exists()
    assert SavedMeal.objects.filter(member=member).exists()
    assert Member.objects.get(pk=member.pk).avatar_key


# Modules that run outside a request may publish: tasks themselves, commands, Celery.
_OUTSIDE_REQUESTS = re.compile(r"(/tests/|/migrations/|/management/|/tasks\.py$|/celery\.py$)")
# A call or a reference (`partial(task.apply_async, ...)`): either publishes.
_PUBLISH_CALL = re.compile(r"\.(delay|apply_async|send_task)\b")
APPS = ("members", "coaching", "challenges", "aicoach", "media_store", "gymintel")


def test_no_request_path_publishes_a_task():
    """Tripwire. A request that publishes must do it after commit, and must not let the
    broker fail or slow it: `transaction.on_commit(partial(task.apply_async, kwargs=...,
    retry=False), robust=True)` (a broker error is logged, the user's data is already
    saved; the socket timeouts bound the wait to ~2 s). Then add it to the broker test
    above and to docs/RELIABILITY.md, and list the module here."""
    allowed: set[str] = set()
    found = {
        f"{path.relative_to(ROOT)}:{n}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if not _OUTSIDE_REQUESTS.search(str(path))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if _PUBLISH_CALL.search(line) and not line.lstrip().startswith("#")
    }
    assert {site.rsplit(":", 1)[0] for site in found} <= allowed, sorted(found)


def test_the_tripwire_sees_a_publish_call():
    assert _PUBLISH_CALL.search("    prune_ai_cache.delay(batch_size=5)")
    assert _PUBLISH_CALL.search("on_commit(partial(task.apply_async, kwargs={}))")
    assert _PUBLISH_CALL.search("self.delayed = True") is None
    assert not _OUTSIDE_REQUESTS.search(str(Path("/work/main/members/services.py")))

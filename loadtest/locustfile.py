"""GymIntel load test: members on the mobile API and coaches on their dashboard.

Run it through loadtest/run.sh (it starts the topology, writes the tokens, samples
PostgreSQL and memory, and prints the summary). Settings, from the environment:

    LOADTEST_TOKENS     JSON {"email": "access token"} (manage.py loadtest_tokens)
    LOADTEST_META       JSON {"challenges": {"<gym_id>": <challenge_id>}} (fallback ids)
    LOADTEST_EXTRA_OUT  where to write per-endpoint largest response and missing endpoints
    LOADTEST_COACHES    how many coach users (fixed count; default 50)
    LOADTEST_WAIT_MIN / LOADTEST_WAIT_MAX   member think time in seconds (default 5 / 15)
    LOADTEST_AI_SHARE   chance a member's AI turn asks a question (default 0.1)
    LOADTEST_SMOKE=1    a 404 from an endpoint not built yet counts as "missing", not an error

No user logs in: each simulated user takes a distinct pre-issued access token, the way
4,000 phones already holding tokens would behave; logins are a separate, throttled path.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import random
import uuid
from collections import defaultdict
from itertools import cycle
from pathlib import Path

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

# Simulated behaviour, not secrets: a plain seeded generator.
RNG = random.Random(os.environ.get("LOADTEST_SEED", "8"))  # noqa: S311
SMOKE = os.environ.get("LOADTEST_SMOKE", "") == "1"
WAIT_MIN = float(os.environ.get("LOADTEST_WAIT_MIN", "5"))
WAIT_MAX = float(os.environ.get("LOADTEST_WAIT_MAX", "15"))
# Chance that a member's "ask the coach" turn sends a question (the task's weight is 1).
AI_SHARE = float(os.environ.get("LOADTEST_AI_SHARE", "0.1"))


def _claims(token: str) -> dict:
    """The token's payload, unverified: only to sort members from staff."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _load_tokens() -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    path = os.environ.get("LOADTEST_TOKENS")
    if not path:
        return [], []
    members, staff = [], []
    for token in json.loads(Path(path).read_text()).values():
        claims = _claims(token)
        (members if claims.get("role") == "member" else staff).append((token, claims))
    RNG.shuffle(members)
    # Coaches first: a gym admin's dashboard is the whole gym, a different (heavier) load.
    staff.sort(key=lambda tc: tc[1].get("role") != "coach")
    return members, staff


MEMBER_TOKENS, STAFF_TOKENS = _load_tokens()
_members = cycle(MEMBER_TOKENS or [("", {})])
_staff = cycle(STAFF_TOKENS or [("", {})])
_meta_path = os.environ.get("LOADTEST_META")
META = json.loads(Path(_meta_path).read_text()) if _meta_path else {}

# Per endpoint name: largest body seen (bytes, decompressed) and 404s in smoke mode.
LARGEST: dict[str, int] = defaultdict(int)
MISSING: dict[str, int] = defaultdict(int)


@events.request.add_listener
def _track_size(name, response_length, **_kwargs):
    LARGEST[name] = max(LARGEST[name], response_length or 0)


@events.quitting.add_listener
def _write_extra(environment, **_kwargs):
    out = os.environ.get("LOADTEST_EXTRA_OUT")
    if out:
        Path(out).write_text(
            json.dumps({"largest_response": LARGEST, "missing": MISSING, "smoke": SMOKE}, indent=1)
        )


class ApiUser(FastHttpUser):
    abstract = True
    # One keep-alive connection per simulated user, like a phone.
    concurrency = 1

    def _auth(self, token: str) -> None:
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def call(self, method: str, path: str, name: str, ok=(200,), headers=None, **kwargs):
        """One request; a 404 in smoke mode marks the endpoint as not built yet."""
        headers = {**self.headers, **(headers or {})}
        with self.client.request(
            method, path, name=name, headers=headers, catch_response=True, **kwargs
        ) as resp:
            if resp.status_code in ok:
                resp.success()
            elif SMOKE and resp.status_code == 404:
                MISSING[name] += 1
                resp.success()
            else:
                resp.failure(f"{resp.status_code}: {(resp.text or '')[:200]}")
            return resp


class Member(ApiUser):
    # Every user that is not one of the fixed_count coaches below is a member.
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self) -> None:
        token, claims = next(_members)
        self._auth(token)
        self.gym_id = claims.get("gym_id")
        # Opening the app: the gym's challenges (ids as the API gives them).
        resp = self.call("GET", "/api/challenges/", "/api/challenges/")
        self.challenge_id = None
        if resp.status_code == 200:
            try:
                results = resp.json()
                results = results.get("results", results) if isinstance(results, dict) else results
                self.challenge_id = results[0]["id"] if results else None
            except (ValueError, KeyError, IndexError, TypeError):
                self.challenge_id = None
        if self.challenge_id is None:
            self.challenge_id = META.get("challenges", {}).get(str(self.gym_id))

    @task(4)
    def list_logs(self):
        since = (dt.date.today() - dt.timedelta(days=7)).isoformat()
        self.call("GET", f"/api/logs/?date_from={since}", "/api/logs/ [list]")

    @task(3)
    def create_log(self):
        kind = RNG.choices(["meal", "training", "water"], weights=[5, 2, 3])[0]
        body: dict = {"type": kind}
        if kind == "meal":
            body |= {"estimated_calories": RNG.randint(250, 900), "estimated_protein": 30}
        self.call(
            "POST",
            "/api/logs/",
            "/api/logs/ [create]",
            ok=(200, 201),
            json=body,
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )

    @task(2)
    def profile(self):
        self.call("GET", "/api/member/profile/", "/api/member/profile/")

    @task(2)
    def leaderboard(self):
        cid = self.challenge_id or 0
        self.call("GET", f"/api/challenges/{cid}/leaderboard/", "/api/challenges/[id]/leaderboard/")

    @task(2)
    def standing(self):
        cid = self.challenge_id or 0
        self.call("GET", f"/api/challenges/{cid}/me/", "/api/challenges/[id]/me/")

    @task(1)
    def checkins(self):
        self.call("GET", "/api/checkins/", "/api/checkins/ [list]")

    @task(1)
    def meals(self):
        self.call("GET", "/api/member/meals/", "/api/member/meals/")

    @task(1)
    def weigh_in(self):
        # Weekly in real life; rare here so the daily cap is hit sometimes, not always.
        if RNG.random() < 0.2:
            body = {"weight": round(RNG.uniform(55, 110), 1)}
            self.call("POST", "/api/checkins/", "/api/checkins/ [create]", ok=(201,), json=body)

    @task(1)
    def ask_coach(self):
        # A question to the AI coach now and then (fake Claude locally, ~2 s per answer:
        # each one holds a gunicorn thread that long). 429 = quota used up, as designed.
        if RNG.random() < AI_SHARE:
            body = {"message": f"How much protein after training? ({RNG.randint(1, 10**6)})"}
            self.call("POST", "/api/ai/chat/", "/api/ai/chat/", ok=(200, 429), json=body)


class Coach(ApiUser):
    fixed_count = int(os.environ.get("LOADTEST_COACHES", "50"))
    wait_time = between(10, 30)

    def on_start(self) -> None:
        token = next(_staff)[0]
        self._auth(token)

    @task
    def dashboard(self):
        self.call("GET", "/api/coach/dashboard/", "/api/coach/dashboard/")

"""The race conditions, across two real app instances behind nginx.

The unit tests prove the challenge caps, idempotency and the AI quota with threads in
one process; here the same races go through nginx to both gunicorn instances (each
response's X-Upstream header names the instance) and PgBouncer, then `audit_points`
checks every standing against the ledger. Run it with loadtest/races.sh.

    python loadtest/races.py --host http://127.0.0.1:8480 --tokens FILE --fake-claude URL

Each race picks a member with a clean slate today (nothing scored, no AI answer yet),
so it can run again on the same database; exit status 1 when any check fails.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import http.client
import json
import random
import subprocess
import sys
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
FAILED: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  [{'ok' if ok else 'FAIL'}] {what}")
    if not ok:
        FAILED.append(what)


class Api:
    def __init__(self, host: str) -> None:
        u = urlsplit(host)
        self.host, self.port = u.hostname, u.port or 80

    def call(self, token: str, method: str, path: str, body=None, headers=None):
        """(status, json body, the instance that answered); a new connection per call."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            h = {"Authorization": f"Bearer {token}", **(headers or {})}
            data = None
            if body is not None:
                data = json.dumps(body)
                h["Content-Type"] = "application/json"
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            raw = r.read()
            try:
                payload = json.loads(raw) if raw else None
            except ValueError:
                payload = raw[:200]
            return r.status, payload, r.getheader("X-Upstream", "?")
        finally:
            conn.close()


def claims(token: str) -> dict:
    p = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))


def burst(n: int, fn) -> list:
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(fn, range(n)))


def fresh_member(api: Api, members: list[str], *, want=None):
    """A member with nothing scored today in a running challenge (and `want` true)."""
    for token in members:
        c = claims(token)
        today = dt.datetime.now(ZoneInfo(c["gym_tz"])).date()
        s, challenges, _ = api.call(token, "GET", "/api/challenges/")
        rows = challenges.get("results", challenges) if isinstance(challenges, dict) else []
        running = [ch for ch in rows or [] if ch["starts_on"] <= today.isoformat() <= ch["ends_on"]]
        if s != 200 or not running:
            continue
        ch = running[0]
        s, me, _ = api.call(token, "GET", f"/api/challenges/{ch['id']}/me/")
        if s != 200 or me.get("last_active_date") == today.isoformat():
            continue
        s, profile, _ = api.call(token, "GET", "/api/member/profile/")
        if s != 200 or (want and not want(profile)):
            continue
        return token, ch, me, profile
    raise SystemExit("no member with a clean slate today: reseed gymintel_loadtest")


def race_caps(api: Api, members: list[str], n: int) -> None:
    token, ch, before, _ = fresh_member(api, members)
    pts, cap = ch["rules"]["points"]["training"], ch["rules"]["daily_cap"]["training"]
    bonus = ch["rules"]["streak_bonus"]
    print(f"Race 1: {n} concurrent training logs by one member (cap {cap} x {pts} + bonus {bonus})")
    results = burst(
        n,
        lambda i: api.call(
            token, "POST", "/api/logs/", {"type": "training"}, {"Idempotency-Key": uuid.uuid4().hex}
        ),
    )
    statuses = Counter(s for s, _, _ in results)
    upstreams = Counter(u for _, _, u in results)
    awarded = sum(b.get("points_awarded", 0) for s, b, _ in results if s == 201)
    _, after, _ = api.call(token, "GET", f"/api/challenges/{ch['id']}/me/")
    check(statuses == Counter({201: n}), f"every log kept (201 x {n}): {dict(statuses)}")
    check(len(upstreams) >= 2, f"both instances answered: {dict(upstreams)}")
    check(awarded == cap * pts + bonus, f"points awarded {awarded} == {cap * pts + bonus}")
    delta = after["total_points"] - before["total_points"]
    check(delta == cap * pts + bonus, f"standing grew by {delta} == {cap * pts + bonus}")


def race_idempotency(api: Api, members: list[str], n: int) -> None:
    token, ch, before, _ = fresh_member(api, members)
    key = uuid.uuid4().hex
    body = {"type": "meal", "estimated_calories": 640, "estimated_protein": 42}
    print(f"Race 2: {n} concurrent retries of one meal log (one Idempotency-Key)")
    results = burst(
        n, lambda i: api.call(token, "POST", "/api/logs/", body, {"Idempotency-Key": key})
    )
    statuses = Counter(s for s, _, _ in results)
    ids = {b.get("id") for s, b, _ in results if s in (200, 201)}
    _, after, _ = api.call(token, "GET", f"/api/challenges/{ch['id']}/me/")
    expected = ch["rules"]["points"]["meal"] + ch["rules"]["streak_bonus"]
    check(set(statuses) <= {200, 201}, f"every retry answered 200/201: {dict(statuses)}")
    check(len(ids) == 1, f"one log, the same id in every answer: {ids}")
    delta = after["total_points"] - before["total_points"]
    check(delta == expected, f"awarded once: standing grew by {delta} == {expected}")


def race_ai_quota(api: Api, members: list[str], fake: str) -> None:
    token, _, _, profile = fresh_member(
        api, members, want=lambda p: p["ai_quota"]["used"] == 0 and p["ai_quota"]["limit"] <= 5
    )
    limit = profile["ai_quota"]["limit"]
    n = 3 * limit
    calls_before = _fake_calls(fake)
    print(f"Race 3: {n} concurrent AI questions by a member with a quota of {limit}")
    results = burst(
        n,
        lambda i: api.call(
            token,
            "POST",
            "/api/ai/chat/",
            {"message": f"Race question {i} {uuid.uuid4().hex[:6]}?"},
        ),
    )
    statuses = Counter(s for s, _, _ in results)
    upstreams = Counter(u for _, _, u in results)
    _, after, _ = api.call(token, "GET", "/api/member/profile/")
    check(
        statuses == Counter({200: limit, 429: n - limit}),
        f"{limit} answers, the rest 429: {dict(statuses)}",
    )
    check(len(upstreams) >= 2, f"both instances answered: {dict(upstreams)}")
    check(after["ai_quota"]["used"] == limit, f"quota used {after['ai_quota']['used']} == {limit}")
    calls = _fake_calls(fake) - calls_before
    check(calls == limit, f"Claude called {calls} times == {limit}")


def _fake_calls(url: str) -> int:
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
    try:
        conn.request("GET", "/calls")
        return json.loads(conn.getresponse().read())["calls"]
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="http://127.0.0.1:8480")
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--fake-claude", default="http://127.0.0.1:8489")
    ap.add_argument("--concurrency", type=int, default=30)
    args = ap.parse_args()

    tokens = json.loads(Path(args.tokens).read_text()).values()
    members = [t for t in tokens if claims(t).get("role") == "member"]
    random.shuffle(members)
    api = Api(args.host)
    race_caps(api, members, args.concurrency)
    race_idempotency(api, members, args.concurrency)
    race_ai_quota(api, members, args.fake_claude)

    print("Audit: manage.py audit_points (standings against the ledger)")
    audit = subprocess.run(
        [sys.executable, "manage.py", "audit_points", "-v0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    check(audit.returncode == 0, f"audit_points found nothing ({audit.stdout.strip()[-300:]})")
    print("PASSED" if not FAILED else f"FAILED: {len(FAILED)} check(s)")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()

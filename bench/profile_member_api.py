"""Where one member request's CPU goes: pyinstrument over many in-process requests.

    .venv/bin/python bench/profile_member_api.py PATH [--requests 300] [--db-name NAME]

PATH may hold "{challenge}" (the member's own challenge), e.g.
/api/challenges/{challenge}/leaderboard/. Runs against a database bench/member_api.py
left behind (--keep-db), with its production-like settings and Redis (REDIS_URL), through
Django's test client (no gunicorn, no HTTP), rotating over the members. Prints the
queries of one request and pyinstrument's tree of the whole run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db-name", default="gymintel_bench_api")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--body", default=None)
    parser.add_argument("--no-profile", action="store_true", help="time only, no profiler")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("set REDIS_URL as for bench/member_api.py")
    sys.path.insert(0, str(ROOT))
    from bench.member_api import production_env

    env = production_env(db_name=args.db_name, redis_url=os.environ["REDIS_URL"])
    for name in set(os.environ) - set(env):
        del os.environ[name]
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from accounts.identity import all_identities
    from accounts.models import Member
    from accounts.tokens import access_token_for
    from challenges.models import Participant

    identities = all_identities()
    challenge_of = dict(Participant.objects.values_list("member_id", "challenge_id"))
    calls = []
    for member in Member.objects.select_related("user").order_by("pk")[:300]:
        token = access_token_for(identities[member.user.email], lifetime=timedelta(hours=1))
        path = args.path.replace("{challenge}", str(challenge_of.get(member.pk, 0)))
        calls.append((path, {"HTTP_AUTHORIZATION": f"Bearer {token}"}))
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")

    def call(i: int):
        path, headers = calls[i % len(calls)]
        if args.method == "POST":
            return client.post(path, args.body, content_type="application/json", **headers)
        return client.get(path, **headers)

    for i in range(20):  # warm: imports, connections, caches
        answer = call(i)
    if answer.status_code >= 300:
        sys.exit(f"{args.path} answered {answer.status_code}: {answer.content[:200]!r}")
    with CaptureQueriesContext(connection) as queries:
        call(0)
    print(f"{len(queries)} queries:")
    for q in queries:
        print("  ", q["sql"][:300])
    if args.no_profile:  # the profiler's own cost grows with the number of calls
        started = time.perf_counter()
        for i in range(args.requests):
            call(i)
        spent = time.perf_counter() - started
        each = 1000 * spent / args.requests
        print(f"{args.requests} requests in {spent:.2f} s: {each:.2f} ms each")
        return
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for i in range(args.requests):
            call(i)
    spent = time.perf_counter() - started
    print(f"{args.requests} requests in {spent:.2f} s: {1000 * spent / args.requests:.2f} ms each")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()

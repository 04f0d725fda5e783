"""PostgreSQL connections killed, and the server restarted, under a real gunicorn.

Only a long-lived process shows the fault: its persistent connections (CONN_MAX_AGE)
survive from request to request, so a dead one would fail the next request unless
Django checks it first (CONN_HEALTH_CHECKS). We kill only what we own: the backends of
our gunicorn (a unique application_name) on the shared server, and a whole private
cluster (servers.OwnPostgres) for the restart.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from conftest import bearer
from gymintel.tests.faults.servers import Gunicorn, OwnPostgres, libpq, shared_test_db_url
from members.models import DailyLog

# Serial: its own cluster stopped and started, a real gunicorn, and backends terminated
# on the shared server by application_name.
pytestmark = [pytest.mark.slow, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

LOGS = "/api/logs/"


def _backend_pids(conninfo: str, app_name: str) -> set[int]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [app_name]
        ).fetchall()
    return {pid for (pid,) in rows}


def _log_water(app: Gunicorn, token: str, n: int = 1) -> list:
    """n water logs at once (two threads in the server: both connections get used)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(
            pool.map(lambda _: app.request("POST", LOGS, {"type": "water"}, token), range(n))
        )


def test_killed_connections_are_replaced_without_a_failed_request(member):
    app_name = f"gymintel-faults-{uuid.uuid4().hex[:12]}"
    url = shared_test_db_url()
    token = bearer(member.user)
    with Gunicorn(DATABASE_URL=url, DB_APPLICATION_NAME=app_name) as app:
        assert {r.status for r in _log_water(app, token, 6)} == {201}
        before = _backend_pids(libpq(url), app_name)
        assert before, "the server holds no persistent connection: nothing to kill"

        # Only our gunicorn's backends: the filter is the application_name it was given.
        with psycopg.connect(libpq(url), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s",
                [app_name],
            )

        after = _log_water(app, token, 10)
        new_pids = _backend_pids(libpq(url), app_name)

    assert [r.status for r in after] == [201] * 10, [r.body for r in after if r.status != 201]
    assert new_pids and not new_pids & before  # reconnected, on new backends
    assert DailyLog.objects.filter(member=member).count() == 16


def test_a_restarted_server_costs_only_the_requests_made_while_it_was_down(member):
    pg = OwnPostgres()
    try:
        pg.init()
        pg.load_copy_of(shared_test_db_url())  # the member this test just committed
        token = bearer(member.user)
        with Gunicorn(DATABASE_URL=pg.url(), DB_APPLICATION_NAME="gymintel-faults") as app:
            assert {r.status for r in _log_water(app, token, 4)} == {201}

            pg.stop()  # fast shutdown: every connection of the app is cut
            down = app.request("POST", LOGS, {"type": "water"}, token)
            health = app.request("GET", "/healthz/")
            pg.start()

            back = _log_water(app, token, 10)
            after_health = app.request("GET", "/healthz/")

        with psycopg.connect(libpq(pg.url())) as conn:
            (saved,) = conn.execute(
                "SELECT count(*) FROM members_dailylog WHERE member_id = %s", [member.pk]
            ).fetchone()
    finally:
        pg.destroy()

    # While it is down: a clean, quick 503 in JSON naming the cause, never a 500 page.
    assert down.status == 503, down.body
    assert down.content_type == "application/json"
    assert "database" in down.json()["detail"].lower()
    # Refused is immediate; a server that does not answer costs the 5 s connect timeout.
    # Twice that bounds it with room for a loaded machine; no timeout would hang.
    assert down.seconds < 10
    assert health.status == 503 and health.json()["down"] == ["database"]
    # Once it is back: not one failed request, and no restart of the app.
    assert [r.status for r in back] == [201] * 10, [r.body for r in back if r.status != 201]
    assert after_health.status == 200
    assert saved == 4 + 10  # the refused log was not half-saved

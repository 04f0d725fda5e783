"""gunicorn settings for one app instance. Every number can be overridden
from the environment; the defaults are reasoned below and measured in docs/PERFORMANCE.md.

The bound on PostgreSQL connections (persistent connections, one per worker thread):

    one instance   =  workers x threads        (default 2 x 4 = 8 on 2 cores)
    a deployment   =  instances x workers x threads + Celery concurrency

It is enforced, not just written down: `on_starting` refuses to start an instance whose
workers x threads exceed DB_CONNECTION_BUDGET (default 16), and behind PgBouncer the pool's
`max_db_connections` is the hard cap PostgreSQL itself sees (deploy/local/pgbouncer.ini.template,
deploy/pgbouncer/pgbouncer.ini.template).
gymintel/tests/test_connection_bound.py proves the per-instance bound under load.
"""

import ipaddress
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, got {raw!r}") from None


def _flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise RuntimeError(f"{name} must be 1 or 0, got {raw!r}")


_port = os.environ.get("PORT", "8000")
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{_port}")
# Set when a buffering proxy (deploy/: nginx) is the only way in; without it gunicorn
# refuses to listen anywhere but loopback (on_starting), because of the threads below.
behind_proxy = _flag("GYMINTEL_BEHIND_PROXY")

# gthread: a request waiting on PostgreSQL, Redis or Claude releases the GIL, so a few
# threads per process overlap that I/O; one process per core uses both cores for the
# CPU-bound part (DRF serialization). Idle keep-alive connections wait in the worker's
# poller, but a connection that has started a request holds a thread until the whole
# request has arrived: a dozen clients that send half a header and stop pin every thread
# of an instance. nginx in front reads each request completely (client_header_timeout,
# client_body_timeout, request buffering) before passing it on, so only whole requests
# reach these threads; gymintel/tests/test_slow_clients.py proves it.
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# The budget is the most connections one instance may hold. The default worker count
# follows the cores but never past the budget, so a bigger machine starts within it
# instead of refusing; an explicit WEB_CONCURRENCY past the budget is refused.
db_connection_budget = _int("DB_CONNECTION_BUDGET", 16)
workers = _int(
    "WEB_CONCURRENCY", max(1, min(multiprocessing.cpu_count(), db_connection_budget // threads))
)
# Open client connections one worker keeps (mostly nginx's idle upstream keep-alives).
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)

# In gthread the timeout is the worker's heartbeat (its main loop), not a request
# deadline: a slow request does not get its worker killed. Requests are bounded by
# nginx's proxy_read_timeout (60 s) and by the app's own timeouts (AI 20 s, DB 5 s connect).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than nginx's upstream keepalive_timeout (60 s), so nginx always closes an idle
# connection first and never reuses one gunicorn has just dropped (a 502).
keepalive = _int("GUNICORN_KEEPALIVE", 65)

# Recycle a worker after this many requests (+ jitter, so workers do not restart
# together): bounds slow memory growth (goal: no worker over 300 MB resident). At
# ~100 req/s per worker under full load that is a restart every few minutes, cheap
# with preload_app (the new worker is a fork of a warm master).
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)

# Load Django, the URLconf and every view module (the anthropic SDK among them) once in
# the master, then fork: a new or recycled worker starts warm instead of spending a few
# CPU-seconds importing while requests queue behind it (measured: ~16% of a worker's
# samples under load were imports after each recycle). Nothing opens a socket at import;
# post_fork still closes any inherited database connection to be sure.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

# Request line and header limits (bodies are limited by gymintel.middleware and nginx).
# A bearer token is ~600 bytes; 8 KB per header leaves ample room.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Heartbeat files on tmpfs: a container's overlay disk can stall the heartbeat.
if os.path.isdir("/dev/shm"):  # noqa: S108 (gunicorn's own heartbeat files, no data)
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Our proxies, as CIDRs: the only peers whose X-Real-IP / X-Forwarded-For (client
# address) and X-Forwarded-Proto are believed, here and in Django (settings.py reads the
# same variable). Loopback by default: nginx on the same host.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "").strip() or "127.0.0.1/32,::1/128"

# Access log: the client's address (the peer's own unless the peer is a trusted proxy,
# gymintel.access_log), the peer, the request, status, bytes and the time taken in
# milliseconds. GUNICORN_ACCESSLOG=off silences it; a path writes there.
_accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
accesslog = None if _accesslog in ("", "off") else _accesslog
logger_class = "gymintel.access_log.AccessLogger"
access_log_format = '%(client)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms pid=%(p)s'
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "gymintel")
# gunicorn 27's control socket (gunicornc) has one default path per user: several
# instances on one host must each name their own, or turn it off.
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if _control == "off":
    control_socket_disable = True
elif _control:
    control_socket = _control


def connection_bound(workers: int, threads: int) -> int:
    """Most PostgreSQL connections one instance can hold: one per worker thread."""
    return workers * threads


def _public_binds(addresses) -> list[str]:
    """The listening addresses a client outside this host could reach."""
    public = []
    for address in addresses:
        if not isinstance(address, tuple):
            continue  # a unix socket
        host = address[0]
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            public.append(f"{host}:{address[1]}")
    return public


def on_starting(server) -> None:
    """Refuse to start where the instance would be unsafe (server.cfg includes CLI flags):
    past the connection budget, reachable without the proxy, or counting logins per
    process."""
    public = _public_binds(server.cfg.address)
    if public and not behind_proxy:
        raise RuntimeError(
            f"refusing to listen on {', '.join(public)}: slow clients pin gthread threads "
            "unless a buffering proxy (nginx, deploy/) reads requests first. Bind 127.0.0.1, "
            "or set GYMINTEL_BEHIND_PROXY=1 when only the proxy can reach this address "
            "(docs/DEPLOY.md)."
        )
    if _flag("GYMINTEL_PRODUCTION") and server.cfg.workers > 1 and not os.environ.get("REDIS_URL"):
        raise RuntimeError(
            f"{server.cfg.workers} workers without REDIS_URL: each process would count login "
            "attempts on its own, multiplying the login throttle. Set REDIS_URL (a cache "
            "shared by every worker and instance) or run one worker."
        )
    bound = connection_bound(server.cfg.workers, server.cfg.threads)
    if bound > db_connection_budget:
        # gunicorn prints a RuntimeError as "Error: ..." and exits 1.
        raise RuntimeError(
            f"{server.cfg.workers} workers x {server.cfg.threads} threads = {bound} database "
            f"connections, over DB_CONNECTION_BUDGET={db_connection_budget}. Lower "
            "WEB_CONCURRENCY or GUNICORN_THREADS, or raise the budget knowing PostgreSQL's "
            "max_connections (see docs/DEPLOY.md)."
        )
    server.log.info(
        "database connection bound: %d workers x %d threads = %d (budget %d)",
        server.cfg.workers,
        server.cfg.threads,
        bound,
        db_connection_budget,
    )


def when_ready(server) -> None:
    """With preload_app, resolve every URL pattern in the master so workers fork warm."""
    if server.cfg.preload_app:
        from gymintel.warmup import warm

        server.log.info("warmed %d URL patterns before forking", warm())


def post_fork(server, worker) -> None:
    """A worker must never share a database socket with its parent or siblings."""
    from django.db import connections

    connections.close_all()

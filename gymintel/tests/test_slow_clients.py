"""The documented topology under slow clients and forged headers: nginx (Debian's, with
deploy/local/nginx.conf.template) in front of a real gunicorn (gunicorn.conf.py),
both started here on free ports.

Clients that send a request line and half a header, then nothing, would each hold a
gthread thread until the request is complete; through nginx they hold nothing of the
instance, and /healthz/ keeps answering. nginx also overwrites X-Real-IP and
X-Forwarded-Proto, and the access log writes the client's real address.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from gymintel.tests.support import require

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
THREADS = 2
SLOW_CLIENTS = 12

# Serial: real servers with timing; a loaded machine would blur "answers at once".
pytestmark = [pytest.mark.slow, pytest.mark.serial, pytest.mark.django_db]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _get(port: int, path: str, *, timeout: float, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


def _wait_healthy(port: int, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited early with {proc.returncode}")
        try:
            if _get(port, "/healthz/", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not become healthy")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def gunicorn(tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": str(THREADS),
        "GUNICORN_ACCESSLOG": str(log),
        "GUNICORN_LOGLEVEL": "warning",
        "GUNICORN_CONTROL_SOCKET": "off",
        # Plain HTTP must be redirected: shows whether a forged X-Forwarded-Proto got in.
        "SECURE_SSL_REDIRECT": "1",
    }
    proc = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "gymintel.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_healthy(port, proc, "gunicorn")
        yield port, log
    finally:
        _stop(proc)


@pytest.fixture
def nginx(gunicorn, tmp_path):
    require(Path(NGINX).exists(), "nginx is not installed (apt-get install nginx-light)")
    upstream, _ = gunicorn
    run = tmp_path / "nginx"  # the template's ${RUN}/nginx and ${RUN}/logs
    for folder in (run / "tmp", tmp_path / "logs"):
        folder.mkdir(parents=True)
        folder.chmod(0o777)  # nginx's workers drop root
    port = _free_port()
    template = (ROOT / "deploy/local/nginx.conf.template").read_text()
    conf = string.Template(template).safe_substitute(
        NGINX_USER_LINE="",
        RUN=str(tmp_path),
        NGINX_PORT=str(port),
        STATIC_ROOT=str(ROOT / "staticfiles"),
        UPSTREAM_SERVERS=f"        server 127.0.0.1:{upstream};",
    )
    (run / "nginx.conf").write_text(conf)
    command = [NGINX, "-p", str(run), "-c", str(run / "nginx.conf"), "-e", str(run / "error.log")]
    checked = subprocess.run([*command, "-t", "-q"], capture_output=True)
    assert checked.returncode == 0, checked.stderr.decode()
    proc = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    try:
        _wait_healthy(port, proc, "nginx")
        yield port
    finally:
        _stop(proc)


def _stall(port: int, count: int) -> list[socket.socket]:
    """Connections that send a request line and one header, then nothing."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /healthz/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        sockets.append(sock)
    time.sleep(0.5)  # let the server hand them to whatever would hold them
    return sockets


def test_slow_clients_do_not_stop_an_instance_behind_nginx(nginx, gunicorn):
    stalled = _stall(nginx, SLOW_CLIENTS)
    try:
        started = time.monotonic()
        answers = [_get(nginx, "/healthz/", timeout=5).status for _ in range(5)]
        elapsed = time.monotonic() - started
    finally:
        for sock in stalled:
            sock.close()
    assert answers == [200] * 5
    assert elapsed < 5


def test_without_nginx_the_same_slow_clients_stop_it(gunicorn):
    """The counterpart: gunicorn alone, which is why it refuses a public bind."""
    port, _ = gunicorn
    stalled = _stall(port, SLOW_CLIENTS)
    try:
        with pytest.raises(TimeoutError):
            _get(port, "/healthz/", timeout=3)
    finally:
        for sock in stalled:
            sock.close()


def test_nginx_overwrites_a_forged_client_address_and_scheme(nginx, gunicorn):
    _, log = gunicorn
    forged = {"X-Real-IP": "6.6.6.6", "X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https"}

    response = _get(nginx, "/accounts/login/", timeout=10, headers=forged)

    # nginx said "http" (its own connection): the app redirects to HTTPS.
    assert response.status == 301
    assert response.getheader("Location", "").startswith("https://")
    time.sleep(0.5)
    line = next(x for x in log.read_text().splitlines() if "/accounts/login/" in x)
    assert line.startswith("127.0.0.1 ")
    assert "6.6.6.6" not in line


def test_gunicorn_alone_logs_the_peer_not_a_header_from_an_untrusted_client(tmp_path):
    """TRUSTED_PROXIES without this peer: its X-Real-IP is ignored in the access log."""
    port, log = _free_port(), tmp_path / "direct.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_ACCESSLOG": str(log),
        "GUNICORN_CONTROL_SOCKET": "off",
        "TRUSTED_PROXIES": "192.0.2.1/32",
    }
    proc = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "gymintel.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_healthy(port, proc, "gunicorn")
        _get(port, "/healthz/?forged=1", timeout=10, headers={"X-Real-IP": "6.6.6.6"})
    finally:
        _stop(proc)
    line = next(x for x in log.read_text().splitlines() if "forged=1" in x)
    assert line.startswith("127.0.0.1 127.0.0.1 ")

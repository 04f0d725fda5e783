"""Throwaway servers the fault tests own and may break: never the shared ones.

- OwnPostgres: a private PostgreSQL 15 cluster (initdb in a temp dir, its own port),
  loaded with a copy of the test database, that a test may stop and start at will.
- OwnRedis: a redis-server on a free port, with nothing saved to disk, to kill.
- Tarpit: a port that accepts TCP connections and never answers (a hung server);
  it counts what reached it.
- Gunicorn: the real app server (gunicorn.conf.py) in a subprocess, for faults whose
  recovery only a long-lived process shows (persistent connections).
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from gymintel.tests.support import missing

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dead_port() -> int:
    """A loopback port nothing listens on: connections are refused at once."""
    return free_port()


def shared_test_db_url() -> str:
    """The URL of the test database pytest-django created on the shared server."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def multipart(field: str, filename: str, data: bytes, content_type: str) -> tuple[bytes, str]:
    """One file field as a multipart/form-data body, for Gunicorn.request(raw=...)."""
    boundary = "gymintel-faults-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def libpq(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


# --- PostgreSQL ----------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class OwnPostgres:
    """A private cluster. initdb refuses to run as root, so as root every server
    command runs as the `postgres` OS user (its data directory is chowned to it)."""

    def __init__(self) -> None:
        bindir = _pg_bindir()
        if bindir is None:
            missing("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bindir = bindir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="gymintel-faults-pg-"))
        self.data = self.dir / "data"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.dir, user="postgres")

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    def start(self) -> None:
        # fsync off: this cluster's data is thrown away, and it restarts faster.
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=30"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-o", options,
                  "-w", "-t", "30", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """`fast` is what a restart by an operator or a failover does: every backend is
        terminated, open transactions roll back."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def url(self, dbname: str = "gymintel") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def load_copy_of(self, source_url: str, dbname: str = "gymintel") -> None:
        """Schema and rows of `source_url` (what the test committed) into `dbname`."""
        subprocess.run(
            ["psql", "-q", "-d", libpq(self.url("postgres")), "-c", f'CREATE DATABASE "{dbname}"'],
            check=True,
            capture_output=True,
        )
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", "-d", libpq(source_url)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", libpq(self.url(dbname))],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.stop(mode="immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


# --- Redis ---------------------------------------------------------------------------


class OwnRedis:
    def __init__(self) -> None:
        if shutil.which("redis-server") is None:
            missing("redis-server is not installed")
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s,
            ):
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        """SIGKILL: a crash, not a polite shutdown; open client sockets just break."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


# --- A hung server -------------------------------------------------------------------


class Tarpit:
    """Accepts connections and never sends a byte: the worst kind of outage, where
    only a client-side timeout ends the wait."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(128)
        self.port = self._sock.getsockname()[1]
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:  # closed
                return
            self.accepted += 1
            self._held.append(conn)

    def close(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone may not.
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        for conn in self._held:
            conn.close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Tarpit:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- gunicorn ------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body)


class Gunicorn:
    """gunicorn.conf.py with one worker of two threads: two persistent connections."""

    def __init__(self, **env: str) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            "GUNICORN_ACCESSLOG": "off",
            "GUNICORN_LOGLEVEL": "warning",
            "GUNICORN_CONTROL_SOCKET": "off",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "2",
            **env,
        }
        self.proc: subprocess.Popen | None = None
        self.stderr = b""

    def __enter__(self) -> Gunicorn:
        self.proc = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}",
             "gymintel.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.proc.stderr.read().decode()}")
            with contextlib.suppress(OSError):
                if self.request("GET", "/healthz/").status == 200:
                    return self
            time.sleep(0.2)
        raise AssertionError("gunicorn did not become healthy")

    def __exit__(self, *exc) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            _, self.stderr = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, self.stderr = self.proc.communicate()

    def request(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        token: str | None = None,
        *,
        raw: tuple[bytes, str] | None = None,  # (body, content type), e.g. multipart
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        data = json.dumps(body).encode() if body is not None else None
        if raw is not None:
            data, headers["Content-Type"] = raw
        if token:
            headers["Authorization"] = token
        started = time.monotonic()
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            data = response.read()
            return Reply(
                response.status,
                response.getheader("Content-Type", ""),
                data,
                time.monotonic() - started,
            )
        finally:
            conn.close()

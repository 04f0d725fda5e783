"""gunicorn.conf.py refuses to start an instance that would be unsafe: listening beyond
loopback without a buffering proxy in front (slow clients would pin its threads), or
several production workers each counting login attempts in its own memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_until_healthy_or_refused(bind: str, **env: str) -> tuple[int | None, str]:
    """Start for real; (exit code, stderr) if it exits within a few seconds, else
    (None, ...) after stopping it."""
    environment = {
        **os.environ,
        "GUNICORN_ACCESSLOG": "off",
        "GUNICORN_CONTROL_SOCKET": "off",
        "GUNICORN_PRELOAD": "0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        **env,
    }
    proc = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", bind, "gymintel.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        proc.wait(timeout=8)
    except subprocess.TimeoutExpired:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
        return None, err.decode()
    return proc.returncode, proc.stderr.read().decode()


def test_a_public_bind_without_the_proxy_flag_is_refused():
    code, err = _serve_until_healthy_or_refused(f"0.0.0.0:{_free_port()}")
    assert code == 1
    assert "refusing to listen on 0.0.0.0" in err
    assert "GYMINTEL_BEHIND_PROXY=1" in err


def test_a_public_bind_behind_the_proxy_and_a_loopback_bind_start():
    behind, _ = _serve_until_healthy_or_refused(
        f"0.0.0.0:{_free_port()}", GYMINTEL_BEHIND_PROXY="1"
    )
    loopback, _ = _serve_until_healthy_or_refused(f"127.0.0.1:{_free_port()}")
    assert (behind, loopback) == (None, None)  # still serving when stopped


def test_production_with_several_workers_and_no_redis_is_refused():
    production = {
        "GYMINTEL_PRODUCTION": "1",
        "SECRET_KEY": "a-test-secret-key-that-is-long-enough-for-django-0123456789",
        "REDIS_URL": "",
        "WEB_CONCURRENCY": "2",
    }
    code, err = _serve_until_healthy_or_refused(f"127.0.0.1:{_free_port()}", **production)
    assert code == 1
    assert "2 workers without REDIS_URL" in err


@pytest.mark.parametrize("conf", ["deploy/local/nginx.conf.template", "deploy/compose/nginx.conf"])
def test_both_nginx_configs_read_whole_requests_and_set_the_scheme_themselves(conf):
    text = (ROOT / conf).read_text()
    for line in (
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "client_header_timeout 10s;",
        "client_body_timeout 30s;",
        "proxy_request_buffering on;",
    ):
        assert line in text, f"{conf}: {line}"
    assert "$http_x_forwarded_proto" not in text  # never the client's own

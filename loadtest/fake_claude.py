"""The project's fake Anthropic API as a standalone process, for the local topology.

deploy/local.sh starts it (unless a real ANTHROPIC_API_KEY is set) and points every app
instance at it, so load tests and cross-instance race tests exercise the real SDK and
the real quota without calling (or paying) Anthropic. It checks requests and answers a
forced tool (meal estimates) like the tests' fake. Answers after DELAY seconds, like
a model would; GET /calls says how many messages were requested (races.py checks that
the quota was never exceeded at the source).

    python loadtest/fake_claude.py --port 8489 [--delay 2.0]
"""

from __future__ import annotations

import argparse
import sys
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aicoach.tests.fake_anthropic import API_KEY, FakeAnthropic, _handler


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--delay", type=float, default=2.0)
    args = ap.parse_args()

    fake = FakeAnthropic(delay=args.delay)
    base = _handler(fake)

    class Handler(base):
        def do_GET(self) -> None:
            if self.path == "/calls":
                self._send(200, {"calls": fake.calls})
            else:
                self._send(404, {"detail": "unknown path"})

    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    httpd.daemon_threads = True
    fake.url = f"http://127.0.0.1:{args.port}"
    print(f"fake Claude on {fake.url} (key {API_KEY}, delay {args.delay} s)", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()

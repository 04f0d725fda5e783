"""Container health check: GET /healthz/ on this instance, as nginx would send it.

It names an allowed host (Django refuses others with 400) and says the original
request was HTTPS (with SECURE_SSL_REDIRECT on, plain HTTP would get a 301).
Exit 0 when healthy, 1 otherwise.
"""

import http.client
import os
import sys


def allowed_host() -> str:
    first = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    return "localhost" if first in ("", "*") else first.lstrip(".")


def main() -> int:
    port = int(os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=4)
    try:
        conn.request(
            "GET", "/healthz/", headers={"Host": allowed_host(), "X-Forwarded-Proto": "https"}
        )
        status = conn.getresponse().status
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())

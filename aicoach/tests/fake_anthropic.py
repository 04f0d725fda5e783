"""A local stand-in for the Anthropic Messages API, spoken to over real HTTP.

The real `anthropic` SDK is pointed at it through ANTHROPIC_BASE_URL, so the tests
exercise the SDK's own request building, timeouts, retries and error mapping. Nothing
in the SDK is patched. Requests are checked like the real API checks them
(fake_messages: image blocks, tools, a forced tool_choice) and refused with its 400; a
forced tool is answered with a `tool_use` block carrying `tool_input`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aicoach.tests.fake_messages import Invalid, check_request, forced_tool

API_KEY = "sk-ant-test-fake-key"

_ERRORS = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "not_found_error",
    500: "api_error",
    529: "overloaded_error",
}


@dataclass
class FakeAnthropic:
    """Knobs the tests turn; all read per request, so a test may change them mid-way."""

    mode: str = "ok"  # "ok" | "500" | "529" | "hang" | "no_tool" (text even when forced)
    delay: float = 0.0  # seconds before answering, in every mode
    reply: str = "Aim for about 30 g of protein at each meal."
    # The input of the tool_use block answering a forced tool (tests set nonsense here).
    tool_input: Any = field(
        default_factory=lambda: {
            "description": "Grilled chicken with rice and broccoli",
            "estimated_calories": 620,
            "estimated_protein": 42.5,
        }
    )
    input_tokens: int = 120
    output_tokens: int = 40
    extra_headers: dict[str, str] = field(default_factory=dict)
    on_request: Callable[[dict], None] | None = None  # runs in the server thread
    requests: list[dict] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def calls(self) -> int:
        with self._lock:
            return len(self.requests)

    def record(self, request: dict) -> None:
        with self._lock:
            self.requests.append(request)


def _handler(fake: FakeAnthropic) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the real API

        def log_message(self, *args) -> None:  # keep pytest output clean
            pass

        def _send(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("request-id", "req_fake")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout): nothing to answer

        def _error(self, status: int, message: str) -> None:
            kind = _ERRORS.get(status, "api_error")
            self._send(
                status,
                {"type": "error", "error": {"type": kind, "message": message}},
                fake.extra_headers,
            )

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.split("?")[0] != "/v1/messages":
                self._error(404, f"Unknown path {self.path}")
                return
            # SDK 2.14 sends a bearer token; older ones x-api-key. Accept either.
            bearer = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            key = self.headers.get("x-api-key") or bearer
            request = {"body": body, "headers": dict(self.headers), "api_key": key}
            fake.record(request)
            if key != API_KEY:
                self._error(401, "invalid x-api-key")
                return
            # Checked before anything else, as the real API refuses a bad request at once.
            try:
                check_request(body)
            except Invalid as exc:
                self._error(400, str(exc))
                return
            if fake.on_request:
                fake.on_request(request)
            if fake.delay:
                fake._stop.wait(fake.delay)
            if fake.mode == "hang":
                fake._stop.wait(30)  # past any timeout the tests set; released at teardown
                return
            if fake.mode in ("500", "529"):
                self._error(int(fake.mode), "Overloaded" if fake.mode == "529" else "Internal")
                return
            tool = None if fake.mode == "no_tool" else forced_tool(body)
            if tool is None:
                content = [{"type": "text", "text": fake.reply}]
            else:
                content = [
                    {"type": "tool_use", "id": "toolu_fake", "name": tool, "input": fake.tool_input}
                ]
            self._send(
                200,
                {
                    "id": f"msg_fake_{fake.calls}",
                    "type": "message",
                    "role": "assistant",
                    "content": content,
                    "model": body.get("model", "claude-fake"),
                    "stop_reason": "end_turn" if tool is None else "tool_use",
                    "stop_sequence": None,
                    "usage": {
                        "input_tokens": fake.input_tokens,
                        "output_tokens": fake.output_tokens,
                    },
                },
            )

    return Handler


class FakeAnthropicServer:
    """ThreadingHTTPServer on 127.0.0.1 and a free port, served from a daemon thread."""

    def __init__(self) -> None:
        self.fake = FakeAnthropic()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        host, port = self.httpd.server_address[:2]
        self.fake.url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeAnthropic:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc) -> None:
        self.fake._stop.set()  # wake any hanging handler
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

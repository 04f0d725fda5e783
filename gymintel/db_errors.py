"""What a request answers when the database fails under it (docs/RELIABILITY.md).

- The database unreachable or giving up (a restart, a failover, a cut network, a
  deadlock or a statement timeout): psycopg raises OperationalError, or InterfaceError
  on a connection already closed. The request answers 503 with Retry-After, JSON
  `{"detail"}` under /api/ and a short page elsewhere, never the 500 page. Nothing is
  retried here: the service's transaction has rolled back, and the client retries
  (logs and check-ins carry an Idempotency-Key for that). CONN_HEALTH_CHECKS replaces a dead
  persistent connection at the next request, so the app heals once the server is back.
- A foreign key violated at commit. Tokens are stateless (15 minutes), so a member
  deleted meanwhile still calls in, and each write fails on the missing member row:
  404 as the profile answers. Any other reference deleted between a service's check
  and its commit (a saved meal, a challenge): 409, retry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

from gymintel.errors import Conflict, DomainError, NotFound

log = logging.getLogger(__name__)

UNAVAILABLE = "The database did not answer; try again in a few seconds."
RETRY_AFTER_SECONDS = 5
MEMBER_GONE = "Your member profile no longer exists."
REFERENCE_GONE = (
    "Something this request refers to was deleted meanwhile; nothing was saved. Try again."
)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        page = f"<!doctype html><title>Try again shortly</title><h1>{escape(UNAVAILABLE)}</h1>"
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Last in MIDDLEWARE, so it sees a view's exception first (DRF re-raises what its
    handler leaves alone, so API views arrive here too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, (OperationalError, InterfaceError)):
            return None
        log.error("database unavailable on %s %s", request.method, request.path, exc_info=exc)
        return database_unavailable(request)


def _is_foreign_key_violation(exc: IntegrityError) -> bool:
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate is not None:  # PostgreSQL: foreign_key_violation
        return sqlstate == "23503"
    return "FOREIGN KEY" in str(exc)  # SQLite says it in words


def foreign_key_error(exc: IntegrityError, caller: Any) -> DomainError | None:
    """The domain error a violated foreign key stands for; None when it is not one.

    One query, on this error path only: does the caller's member row still exist?
    """
    if not _is_foreign_key_violation(exc):
        return None
    # The caller (an accounts Identity) answers for its own member row.
    still_exists = getattr(caller, "member_still_exists", None)
    if still_exists is not None and caller.member_id is not None and not still_exists():
        log.info("write by deleted member %s refused: %s", caller.member_id, exc)
        return NotFound(MEMBER_GONE)
    log.warning("foreign key violated at commit, answered 409: %s", exc)
    return Conflict(REFERENCE_GONE)

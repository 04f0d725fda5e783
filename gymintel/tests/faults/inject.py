"""Database faults injected at one chosen SQL statement, through Django's own
execute_wrapper hook (the code under test is not replaced)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from django.db import OperationalError, connection


class InjectedFault(OperationalError):
    """What a dying connection or a failing disk raises mid-transaction."""


@contextlib.contextmanager
def fail_statement(pattern: str) -> Iterator[list[str]]:
    """Make the first SQL statement matching `pattern` (a regex) fail, through Django's
    own execute_wrapper hook: the statements before it really ran, in the real
    transaction; the code under test is not replaced. Yields the statements seen."""
    seen: list[str] = []
    matcher = re.compile(pattern, re.IGNORECASE | re.DOTALL)

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        if matcher.search(sql) and not any(s.startswith("-- failed ") for s in seen):
            seen.append(f"-- failed {sql[:80]}")
            raise InjectedFault(f"injected fault at: {sql[:80]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen
    assert any(s.startswith("-- failed ") for s in seen), f"no statement matched {pattern!r}"

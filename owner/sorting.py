"""The overview table's columns and their server-side sort (`?sort=key` or `?sort=-key`).

Rows are sorted in Python: there is one per gym, and every figure is computed before
sorting anyway. Empty figures (members per coach of a gym without coaches) sort last
both ways; ties fall back to the gym's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Row], Any]
    numeric: bool = True


def _logs(row: Row) -> int:
    return sum(row["logs_7d"].values())


def _attention_share(row: Row) -> float | None:
    total = row["members"]["total"]
    return row["members"]["needs_attention"] / total if total else None


COLUMNS: list[Column] = [
    Column("name", "Gym", lambda r: r["gym"]["name"].casefold(), numeric=False),
    Column("members", "Members", lambda r: r["members"]["total"]),
    Column("active_7d", "Active 7 days", lambda r: r["members"]["active_7d"]),
    Column("needs_attention", "Need attention", lambda r: r["members"]["needs_attention"]),
    Column("attention_share", "Need attention %", _attention_share),
    Column("logs_7d", "Logs 7 days", _logs),
    Column("checkins_7d", "Check-ins 7 days", lambda r: r["checkins_7d"]),
    Column("coaches", "Coaches", lambda r: r["coaches"]),
    Column("members_per_coach", "Members per coach", lambda r: r["members_per_coach"]),
    Column("ai_answers_30d", "AI answers 30 days", lambda r: r["ai_answers_30d"]),
    Column("ai_cost", "AI spend 30 days (USD)", lambda r: float(r["ai_estimated_cost_30d"])),
    Column("participation", "In a challenge", lambda r: r["challenge_participation"]),
]
BY_KEY = {c.key: c for c in COLUMNS}
DEFAULT_SORT = "name"


def sort_key(value: str | None) -> str:
    """The requested sort when it names a column, else the default (never an error)."""
    value = value or DEFAULT_SORT
    return value if value.lstrip("-") in BY_KEY else DEFAULT_SORT


def sorted_rows(rows: list[Row], sort: str) -> list[Row]:
    column = BY_KEY[sort.lstrip("-")]
    descending = sort.startswith("-")
    by_name = sorted(rows, key=lambda r: (r["gym"]["name"].casefold(), r["gym"]["id"]))
    present = [r for r in by_name if column.value(r) is not None]
    missing = [r for r in by_name if column.value(r) is None]
    # sorted() is stable: equal figures keep the name order.
    return sorted(present, key=column.value, reverse=descending) + missing


def header_links(sort: str) -> list[dict[str, Any]]:
    """Per column: the sort its header link asks for (a second click reverses it; figures
    come biggest first on the first click), and its aria-sort state."""
    links = []
    for column in COLUMNS:
        active = sort.lstrip("-") == column.key
        descending = sort.startswith("-")
        first = f"-{column.key}" if column.numeric else column.key
        target = (column.key if descending else f"-{column.key}") if active else first
        state = ("descending" if descending else "ascending") if active else "none"
        links.append({"column": column, "sort": target, "aria_sort": state, "active": active})
    return links

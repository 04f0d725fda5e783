"""What an import did, per old table: read, imported, already there, skipped and why.

Printed as a table at the end of every run and written as JSON with `--report FILE`.
Shape of the JSON:

    {"source": "...", "dry_run": false, "missing": [],
     "tables": {"members": {"read": 0, "imported": 0, "already_imported": 0,
                            "skipped": 0, "skipped_rows": [{"id": "...", "reason": "..."}]}},
     "images": {"stored": 0, "reused": 0,
                "invalid": [{"table": "...", "id": "...", "column": "...", "reason": "..."}]},
     "standings_mismatches": [{"participant": "...", "challenge": "...", "member": "...",
                               "old_total": 0, "sum_of_parts": 0}],
     "notes": [{"table": "...", "id": "...", "note": "..."}],
     "not_carried_over": {"ai_usage_daily": 0, "ai_response_cache": 0},
     "audit": {"participants_checked": 0, "discrepancies": 0}}
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Values inside a reason (ids, emails, numbers, quoted text), masked to group reasons.
_VALUES = re.compile(r"'[^']*'|\S+@\S+|\b(?:\d[\w.,-]*|[\w-]*\d{3,}[\w-]*)\b")


def _kind(reason: str) -> str:
    return _VALUES.sub("...", reason)


@dataclass
class TableCounts:
    read: int = 0
    imported: int = 0
    already_imported: int = 0
    skipped: int = 0
    skipped_rows: list[dict] = field(default_factory=list)


@dataclass
class Report:
    source: str
    dry_run: bool = False
    missing: list[str] = field(default_factory=list)
    tables: dict[str, TableCounts] = field(default_factory=dict)
    images: dict = field(default_factory=lambda: {"stored": 0, "reused": 0, "invalid": []})
    standings_mismatches: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    not_carried_over: dict[str, int] = field(default_factory=dict)
    audit: dict[str, int] = field(default_factory=dict)

    def table(self, name: str) -> TableCounts:
        return self.tables.setdefault(name, TableCounts())

    def skip(self, table: str, old_id: str, reason: str) -> None:
        counts = self.table(table)
        counts.skipped += 1
        counts.skipped_rows.append({"id": old_id, "reason": reason})

    def note(self, table: str, old_id: str, note: str) -> None:
        self.notes.append({"table": table, "id": old_id, "note": note})

    def invalid_image(self, table: str, old_id: str, column: str, reason: str) -> None:
        self.images["invalid"].append(
            {"table": table, "id": old_id, "column": column, "reason": reason}
        )

    def as_dict(self) -> dict:
        return asdict(self)

    def write(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.as_dict(), indent=2, default=str) + "\n")

    def lines(self) -> list[str]:
        """The table printed at the end of a run."""
        head = f"{'table':<24}{'read':>9}{'imported':>10}{'already':>9}{'skipped':>9}"
        out = [head, "-" * len(head)]
        for name, c in self.tables.items():
            out.append(
                f"{name:<24}{c.read:>9}{c.imported:>10}{c.already_imported:>9}{c.skipped:>9}"
            )
        out.append("")
        out.append(
            f"images: {self.images['stored']} stored, {self.images['reused']} reused, "
            f"{len(self.images['invalid'])} invalid (rows imported without them)"
        )
        out.append(
            f"standings: {len(self.standings_mismatches)} participants whose old total "
            "disagreed with the sum of its parts (imported as the sum)"
        )
        if self.not_carried_over:
            left = ", ".join(f"{t} {n}" for t, n in self.not_carried_over.items())
            out.append(f"not carried over: {left}")
        if self.audit:
            out.append(
                f"audit_points: {self.audit['discrepancies']} discrepancies among "
                f"{self.audit['participants_checked']} participants"
            )
        reasons: dict[tuple[str, str], int] = {}
        for name, c in self.tables.items():
            for row in c.skipped_rows:
                key = (name, _kind(row["reason"]))
                reasons[key] = reasons.get(key, 0) + 1
        if reasons:
            out += ["", "skipped, by reason (each row in the JSON report):"]
            out += [f"  {t}: {r} ({n})" for (t, r), n in sorted(reasons.items())]
        invalid: dict[tuple[str, str], int] = {}
        for image in self.images["invalid"]:
            key = (f"{image['table']}.{image['column']}", _kind(image["reason"]))
            invalid[key] = invalid.get(key, 0) + 1
        if invalid:
            out += ["", "invalid images, by reason:"]
            out += [f"  {t}: {r} ({n})" for (t, r), n in sorted(invalid.items())]
        if self.dry_run:
            out.append("")
            out.append("DRY RUN: nothing was written.")
        return out

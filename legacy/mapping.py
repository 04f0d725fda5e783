"""Where the old system keeps each thing: table and column names, in one place.

The names below are the Prisma schema's (camelCase columns, snake_case plural tables).
A chain whose schema drifted passes `--mapping FILE`, a TOML file that overrides only
what differs:

    [tables.members]
    table = "Member"
    [tables.members.columns]
    avatar = "avatar_url"

The importer reads each table as `SELECT "<column>" AS <our name>, ...`, so nothing
after this module knows the old names. `missing()` lists what the source lacks before
anything is written.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT: dict[str, dict] = {
    "gyms": {
        "table": "gyms",
        "columns": {"id": "id", "name": "name", "logo": "logo", "created_at": "createdAt"},
    },
    "members": {
        "table": "members",
        "columns": {
            "id": "id",
            "number": "memberId",
            "gym_id": "gymId",
            "email": "email",
            "password_hash": "passwordHash",
            "name": "name",
            "avatar": "avatarUrl",
            "status": "subscriptionStatus",
            "calorie_target": "calorieTarget",
            "protein_target": "proteinTarget",
            "coach_id": "coachId",
            "created_at": "createdAt",
        },
    },
    "staff": {
        "table": "staff",
        "columns": {
            "id": "id",
            "gym_id": "gymId",
            "email": "email",
            "password_hash": "passwordHash",
            "name": "name",
            "role": "role",
            "linked_member_id": "linkedMemberId",
            "created_at": "createdAt",
        },
    },
    "custom_meals": {
        "table": "custom_meals",
        "columns": {
            "id": "id",
            "member_id": "memberId",
            "name": "name",
            "ingredients": "ingredients",
            "calories": "estimatedCalories",
            "protein": "estimatedProtein",
            "photo": "photoUrl",
            "created_at": "createdAt",
        },
    },
    "daily_logs": {
        "table": "daily_logs",
        "columns": {
            "id": "id",
            "member_id": "memberId",
            "date": "date",
            "type": "type",
            "calories": "estimatedCalories",
            "protein": "estimatedProtein",
            "photo": "mealPhotoUrl",
            "meal_id": "customMealId",
            "notes": "notes",
            "created_at": "createdAt",
        },
    },
    "weekly_checkins": {
        "table": "weekly_checkins",
        "columns": {
            "id": "id",
            "member_id": "memberId",
            "weight": "weight",
            "notes": "notes",
            "created_at": "createdAt",
        },
    },
    "challenges": {
        "table": "challenges",
        "columns": {
            "id": "id",
            "gym_id": "visibleGymId",
            "name": "name",
            "start": "startDate",
            "end": "endDate",
            "created_at": "createdAt",
        },
    },
    "challenge_participants": {
        "table": "challenge_participants",
        "columns": {
            "id": "id",
            "challenge_id": "challengeId",
            "member_id": "memberId",
            "meal": "mealPoints",
            "training": "trainingPoints",
            "water": "waterPoints",
            "checkin": "checkinPoints",
            "streak": "streakPoints",
            "total": "totalPoints",
            "current_streak": "currentStreak",
            "last_active": "lastActiveDate",
            "joined_at": "joinedAt",
        },
    },
    # Not carried over (docs/MIGRATION.md): only counted for the report.
    "ai_usage_daily": {"table": "ai_usage_daily", "columns": {"id": "id"}},
    "ai_response_cache": {"table": "ai_response_cache", "columns": {"id": "id"}},
}
NOT_CARRIED_OVER = ("ai_usage_daily", "ai_response_cache")


@dataclass(frozen=True)
class Table:
    name: str  # ours: the report's and the id map's name for it
    table: str  # theirs
    columns: dict[str, str]  # our name -> their column

    def select(self, *, order_by: tuple[str, ...] = (), only: tuple[str, ...] = ()) -> str:
        """`only`: our names of the columns wanted (all by default): a pass that needs
        three columns must not drag every avatar along. Each column left out comes as
        has_<name> (true when the row holds something there), to be fetched by id."""
        wanted = {o: t for o, t in self.columns.items() if not only or o in only}
        cols = ", ".join(f"{_quote(theirs)} AS {ours}" for ours, theirs in wanted.items())
        # has_<column> for a column left out: whether the row holds anything there.
        cols += "".join(
            f", coalesce({_quote(theirs)}::text <> '', false) AS has_{ours}"
            for ours, theirs in self.columns.items()
            if ours not in wanted
        )
        order = ", ".join(_quote(self.columns[c]) for c in order_by)
        # Names come from the mapping (ours or the operator's file) and are quoted.
        sql = f"SELECT {cols} FROM {self.quoted}"  # noqa: S608
        return sql + (f" ORDER BY {order}" if order else "")

    @property
    def quoted(self) -> str:
        return _quote(self.table)

    @staticmethod
    def quote(name: str) -> str:
        return _quote(name)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def load(path: str | Path | None = None) -> dict[str, Table]:
    """The default mapping, with a TOML file's overrides applied."""
    tables = {
        name: {"table": t["table"], "columns": dict(t["columns"])} for name, t in DEFAULT.items()
    }
    if path is not None:
        overrides = tomllib.loads(Path(path).read_text()).get("tables", {})
        for name, override in overrides.items():
            if name not in tables:
                raise ValueError(f"{path}: unknown table {name!r} (known: {', '.join(tables)})")
            unknown = set(override.get("columns", {})) - set(tables[name]["columns"])
            if unknown:
                raise ValueError(
                    f"{path}: unknown columns for {name}: {', '.join(sorted(unknown))}"
                )
            tables[name]["table"] = override.get("table", tables[name]["table"])
            tables[name]["columns"].update(override.get("columns", {}))
    return {name: Table(name, t["table"], t["columns"]) for name, t in tables.items()}


def missing(tables: dict[str, Table], present: dict[str, set[str]]) -> list[str]:
    """What the mapping names that the source does not have, as "table" or "table.column".

    `present`: the source's tables and their columns (from information_schema)."""
    out = []
    for t in tables.values():
        if t.table not in present:
            out.append(f"table {t.table} (for {t.name})")
            continue
        out += [
            f"column {t.table}.{col} (for {t.name}.{ours})"
            for ours, col in t.columns.items()
            if col not in present[t.table]
        ]
    return out

"""Reading the old database: one REPEATABLE READ READ ONLY snapshot, server-side cursors.

Every table is read inside the same transaction, so rows added to the old system while
the import runs are either all seen or all not (the next run brings them); nothing is
ever written there. Rows come in batches from named (server-side) cursors, so a 14 GB
table of base64 images is never in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
from psycopg.rows import dict_row

from legacy.mapping import Table


class SourceUnreadable(Exception):
    """The old database cannot be reached or read: the one reason to exit non-zero."""


class Source:
    def __init__(self, url: str) -> None:
        try:
            self.conn = psycopg.connect(url, row_factory=dict_row)
            # psycopg opens the transaction at the first statement with these:
            # BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY, held until close().
            self.conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            self.conn.read_only = True
            self.conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise SourceUnreadable(f"cannot open the source database: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def columns(self) -> dict[str, set[str]]:
        """The source's tables (current schema search path) and their columns."""
        rows = self.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = ANY (current_schemas(false))"
        ).fetchall()
        found: dict[str, set[str]] = {}
        for row in rows:
            found.setdefault(row["table_name"], set()).add(row["column_name"])
        return found

    def count(self, table: Table) -> int:
        return self.conn.execute(f"SELECT count(*) AS n FROM {table.quoted}").fetchone()["n"]  # noqa: S608

    def values(self, table: Table, column: str, ids: list[str]) -> dict[str, str]:
        """One column of a few rows, by id, from the same snapshot (images, fetched a
        handful at a time so a batch of rows never holds all of its pictures)."""
        sql = (
            f"SELECT {table.quote(table.columns['id'])} AS id, "  # noqa: S608
            f"{table.quote(table.columns[column])} AS value FROM {table.quoted} "
            f"WHERE {table.quote(table.columns['id'])} = ANY(%s)"
        )
        return {r["id"]: r["value"] for r in self.conn.execute(sql, [ids]).fetchall()}

    def batches(
        self,
        table: Table,
        *,
        size: int,
        order_by: tuple[str, ...] = ("created_at", "id"),
        only: tuple[str, ...] = (),
    ) -> Iterator[list[dict]]:
        """The table's rows in a stable order (oldest first), `size` at a time."""
        order = tuple(c for c in order_by if c in table.columns)
        with self.conn.cursor(name=f"read_{table.name}") as cursor:
            cursor.itersize = size
            cursor.execute(table.select(order_by=order, only=only))
            while rows := cursor.fetchmany(size):
                yield rows

"""Fast inserts of plain rows, with their ids known to the caller.

The ledger names each log by id ("log:<id>"), so ids are taken up front and written
with the rows. PostgreSQL: ids from the table's own sequence (one query), rows by COPY.
SQLite: ids after the table's highest (the seed's transaction holds the database's
write lock, so nobody else takes them), rows by one executemany. Both skip the ORM's
per-object work, which dominated the seed's time.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

BATCH = 5000


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: list[tuple]) -> list[int]:
    """Insert rows (values in `fields` order, attribute names); returns their ids in order.

    Columns not named get their field's default, computed once for the call.
    """
    if not rows:
        return []
    named = [model._meta.get_field(name) for name in fields]
    rest = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = model._meta.pk.column
    columns = ", ".join(
        quote(c) for c in [pk, *(f.column for f in named), *(f.column for f in rest)]
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            defaults = tuple(f.get_default() for f in rest)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for pk_value, row in zip(ids, rows, strict=True):
                    copy.write_row((pk_value, *row, *defaults))
            return ids
        # SQLite (the project's other database). AUTOINCREMENT never reuses an id, even a
        # deleted one: start past both the highest row and the table's sequence.
        cursor.execute(
            f"SELECT MAX(top) FROM (SELECT COALESCE(MAX({quote(pk)}), 0) AS top FROM {table} "  # noqa: S608
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [model._meta.db_table],
        )
        first = cursor.fetchone()[0] + 1
        ids = list(range(first, first + len(rows)))
        preps = [f.get_db_prep_save for f in named]
        defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        marks = ", ".join(["%s"] * (1 + len(named) + len(rest)))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
            [
                (pk_value, *(p(v, connection) for p, v in zip(preps, row, strict=True)), *defaults)
                for pk_value, row in zip(ids, rows, strict=True)
            ],
        )
        return ids

"""What every step shares: the id map, the run's context, the step's shape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from accounts.models import Gym
from legacy.images import ImageJob, Images
from legacy.mapping import Table
from legacy.models import ImportedRow
from legacy.report import Report
from legacy.source import Source

GONE = "was not imported (or was deleted here since)"
# Pictures fetched and rendered at once: what bounds the importer's memory (an old
# photo is up to ~1.3 MB of base64), and enough to keep the worker processes busy.
IMAGE_CHUNK = 16


class IdMap:
    """Old id -> new id per old table (legacy.models.ImportedRow), with the small
    tables (gyms, members, staff, challenges) kept in memory once read."""

    def __init__(self) -> None:
        self.cache: dict[str, dict[str, int | None]] = {}

    def known(self, table: str, old_ids: Iterable[str]) -> dict[str, int | None]:
        """What these old rows became (one query): a row in the answer came over before,
        even if what it became was deleted here since (it is not brought back)."""
        ids = list(old_ids)
        return dict(
            ImportedRow.objects.filter(source_table=table, old_id__in=ids).values_list(
                "old_id", "new_id"
            )
        )

    def remember(
        self, table: str, *, existing: Iterable[int] | None = None
    ) -> dict[str, int | None]:
        """A table's whole map in memory, for the tables others refer to. `existing`:
        the new ids still here; rows deleted since their import are left out, so what
        referred to them is skipped instead of pointing at nothing."""
        if table not in self.cache:
            pairs = ImportedRow.objects.filter(source_table=table).values_list("old_id", "new_id")
            alive = None if existing is None else set(existing)
            self.cache[table] = {old: new for old, new in pairs if alive is None or new in alive}
        return self.cache[table]

    def record(self, table: str, pairs: list[tuple[str, int | None]]) -> None:
        ImportedRow.objects.bulk_create(
            [ImportedRow(source_table=table, old_id=old, new_id=new) for old, new in pairs],
            batch_size=2000,
        )
        if table in self.cache:
            self.cache[table].update(pairs)


@dataclass
class Context:
    report: Report
    ids: IdMap
    images: Images
    source: Source
    tables: dict[str, Table]
    zones: dict[str, ZoneInfo]  # old gym id -> its zone
    default_zone: ZoneInfo
    # new gym id -> (old gym id, zone), filled by the gyms step
    gyms: dict[int, tuple[str, ZoneInfo]] = field(default_factory=dict)
    # new member id -> new gym id, for the steps that need the member's gym
    member_gyms: dict[int, int] = field(default_factory=dict)

    def zone_of_gym(self, new_gym_id: int) -> ZoneInfo:
        if new_gym_id not in self.gyms:  # a gym made here, not imported
            zone = Gym.objects.filter(pk=new_gym_id).values_list("timezone", flat=True).get()
            self.gyms[new_gym_id] = ("", ZoneInfo(zone))
        return self.gyms[new_gym_id][1]


class Step:
    """Import one old table: `run` gets the rows not yet imported, one batch at a time,
    inside a transaction that also records them in the id map."""

    name: str  # the mapping's (and the report's) name of the old table
    source: str = ""  # the mapping table read, when it differs from `name`
    batch_size: int = 1000
    order_by: tuple[str, ...] = ("created_at", "id")
    columns: tuple[str, ...] = ()  # our names of the columns read; () for all

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def table(self) -> str:
        return self.source or self.name

    def image_keys(self, rows: list[dict], *, column: str, kind: str) -> dict[str, str]:
        """Old id -> storage key for the rows' pictures in `column` (read by id, a few
        at a time: the batch itself was read without them, see Step.columns)."""
        table = self.ctx.tables[self.table]
        wanted = [r["id"] for r in rows if r.get(f"has_{column}")]
        keys: dict[str, str] = {}
        for start in range(0, len(wanted), IMAGE_CHUNK):
            texts = self.ctx.source.values(table, column, wanted[start : start + IMAGE_CHUNK])
            jobs = [ImageJob(self.name, old, column, kind, text) for old, text in texts.items()]
            found = self.ctx.images.keys(jobs)
            keys.update({old: key for (old, _), key in found.items()})
        return keys

    def skip(self, row: dict, reason: str) -> None:
        self.ctx.report.skip(self.name, str(row["id"]), reason)

    def run(self, rows: list[dict]) -> list[tuple[str, int | None]]:
        """Import `rows`; returns (old id, new id) for each row that came over."""
        raise NotImplementedError

"""The import: check the mapping, then each step over its old table, batch by batch.

    run_import(source_url=..., ...) -> Report

Each batch commits with its id-map rows (legacy.models.ImportedRow), so an import
stopped anywhere resumes where it stopped, and a second run skips what is there. A
dry run does the whole import inside one transaction that is rolled back at the end,
with images validated and re-encoded but not stored: its report is the real run's.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from tqdm import tqdm

from challenges.selectors import discrepancies, participant_batches
from legacy import mapping
from legacy.images import Images
from legacy.report import Report
from legacy.source import Source
from legacy.steps import STEPS
from legacy.steps.base import Context, IdMap


class _DryRunDone(Exception):
    pass


@dataclass
class Options:
    source_url: str
    gym_zones: dict[str, str] = field(default_factory=dict)
    default_zone: str = "UTC"
    dry_run: bool = False
    mapping_file: str | None = None
    workers: int = 0
    progress: bool = True
    out: object = None  # where progress bars go (a stream); stderr by default


def run_import(options: Options) -> Report:
    """Raises legacy.source.SourceUnreadable when the old database cannot be read."""
    report = Report(source=_safe(options.source_url), dry_run=options.dry_run)
    tables = mapping.load(options.mapping_file)
    source = Source(options.source_url)
    try:
        report.missing = mapping.missing(tables, source.columns())
        if report.missing:
            return report  # nothing is written when the mapping does not fit
        for name in mapping.NOT_CARRIED_OVER:
            report.not_carried_over[name] = source.count(tables[name])
        images = Images(report=report, workers=options.workers, store=not options.dry_run)
        try:
            if options.dry_run:
                try:
                    with transaction.atomic():
                        _steps(options, tables, source, report, images)
                        raise _DryRunDone
                except _DryRunDone:
                    pass
            else:
                _steps(options, tables, source, report, images)
        finally:
            images.close()
    finally:
        source.close()
    return report


def _steps(options, tables, source, report, images) -> None:
    ctx = Context(
        report=report,
        ids=IdMap(),
        images=images,
        source=source,
        tables=tables,
        zones={old: ZoneInfo(tz) for old, tz in options.gym_zones.items()},
        default_zone=ZoneInfo(options.default_zone),
    )
    for step_class in STEPS:
        step = step_class(ctx)
        if hasattr(step, "prepare"):
            step.prepare()
        _one_table(step, tables[step.table], source, report, options)
    _audit(report)


def _one_table(step, table, source, report, options) -> None:
    counts = report.table(step.name)
    total = source.count(table)
    with tqdm(
        total=total,
        desc=f"{step.name:<22}",
        unit="row",
        disable=not options.progress,
        file=options.out or sys.stderr,
        dynamic_ncols=True,
    ) as bar:
        batches = source.batches(
            table, size=step.batch_size, order_by=step.order_by, only=step.columns
        )
        for rows in batches:
            counts.read += len(rows)
            known = step.ctx.ids.known(step.name, [r["id"] for r in rows])
            new = [r for r in rows if r["id"] not in known]
            counts.already_imported += len(rows) - len(new)
            if new:
                with transaction.atomic():
                    done = step.run(new)
                    step.ctx.ids.record(step.name, done)
                counts.imported += len(done)
            bar.update(len(rows))


def _audit(report: Report) -> None:
    """audit_points over every participant, as the operator would run it after."""
    checked = found = 0
    for ids in participant_batches(challenge_id=None, size=1000):
        found += len(discrepancies(participant_ids=ids))
        checked += len(ids)
    report.audit = {"participants_checked": checked, "discrepancies": found}


def _safe(url: str) -> str:
    """The source URL without its password, for the report."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url

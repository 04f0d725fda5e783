"""Summarize a load test run folder as Markdown (printed and saved as summary.md).

Reads what loadtest/run.sh left there: locust_stats.csv and locust_failures.csv
(locust --csv), extra.json (locustfile: largest response, missing endpoints),
samples.json (sample.py: PostgreSQL connections, PgBouncer waits, worker memory),
and run.json (the run's parameters). Checks each of the run's goals (GOALS below:
p95 latency, PostgreSQL connections, worker memory, largest response).

    python loadtest/summary.py loadtest/out/<run>
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

GOALS = {"p95_ms": 300, "pg_connections": 30, "worker_rss_mb": 300, "largest_bytes": 5_000_000}


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def _num(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def summarize(folder: Path) -> str:
    run = _read_json(folder / "run.json")
    extra = _read_json(folder / "extra.json")
    peak = _read_json(folder / "samples.json").get("peak", {})
    largest = extra.get("largest_response", {})
    missing = extra.get("missing", {})
    with (folder / "locust_stats.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    endpoints = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"])

    lines = [f"### Load test {run.get('label', folder.name)}", ""]
    lines.append(
        f"{run.get('users', '?')} users ({run.get('coaches', '?')} coaches), spawn rate "
        f"{run.get('spawn_rate', '?')}/s, {run.get('run_time', '?')} after the ramp "
        f"(stats reset when the ramp ended), think time {run.get('wait', '?')} s, "
        f"against {run.get('host', '?')}{' -- SMOKE mode' if run.get('smoke') else ''}."
    )
    lines += [
        "",
        "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms | largest body |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in endpoints:
        note = " (404: not built yet)" if r["Name"] in missing else ""
        lines.append(
            f"| `{r['Type']} {r['Name']}`{note} | {r['Request Count']} | {r['Failure Count']} "
            f"| {_num(r['Requests/s']):.1f} | {r['50%']} | {r['95%']} | {r['99%']} "
            f"| {largest.get(r['Name'], 0):,} B |"
        )
    if total:
        lines.append(
            f"| **all** | {total['Request Count']} | {total['Failure Count']} "
            f"| {_num(total['Requests/s']):.1f} | {total['50%']} | {total['95%']} "
            f"| {total['99%']} | {max(largest.values(), default=0):,} B |"
        )
    lines += [
        "",
        "| what | figure | goal |",
        "|---|---:|---|",
        f"| peak PostgreSQL connections (pg_stat_activity) | {peak.get('pg_connections', '?')} "
        f"| at most {GOALS['pg_connections']} |",
        f"| peak PostgreSQL connections running a query | {peak.get('pg_active', '?')} | |",
        f"| peak clients waiting in PgBouncer | {peak.get('pgbouncer_cl_waiting', '?')} | |",
        f"| longest PgBouncer wait | {peak.get('pgbouncer_maxwait_s', '?')} s | |",
        f"| peak gunicorn worker RSS | {peak.get('worker_rss_mb', '?')} MB "
        f"| under {GOALS['worker_rss_mb']} MB |",
        f"| peak Celery process RSS | {peak.get('celery_rss_mb', '?')} MB | |",
        f"| largest response body | {max(largest.values(), default=0):,} B "
        f"| under {GOALS['largest_bytes']:,} B |",
    ]
    if missing:
        lines += ["", "Endpoints that answered 404 (not built yet; counted as success in smoke "]
        lines[-1] += "mode only): " + ", ".join(f"`{n}`" for n in sorted(missing)) + "."
    failures = folder / "locust_failures.csv"
    if failures.exists():
        with failures.open() as fh:
            fails = sorted(csv.DictReader(fh), key=lambda r: -int(r["Occurrences"]))[:8]
        if fails:
            lines += ["", "Most frequent failures:", ""]
            for f in fails:
                lines.append(f"- {f['Occurrences']} x `{f['Method']} {f['Name']}`: {f['Error']}")
    if total:
        checks = {
            "p95 under 300 ms": _num(total["95%"]) < GOALS["p95_ms"],
            "zero errors": int(total["Failure Count"]) == 0,
            "at most 30 PostgreSQL connections": peak.get("pg_connections", 999)
            <= GOALS["pg_connections"],
            "no worker over 300 MB": peak.get("worker_rss_mb", 999) < GOALS["worker_rss_mb"],
            "no response over 5 MB": max(largest.values(), default=0) < GOALS["largest_bytes"],
        }
        verdict = ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in checks.items())
        lines += ["", f"Goals: {verdict}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python loadtest/summary.py RUN_FOLDER")
    folder = Path(sys.argv[1])
    text = summarize(folder)
    (folder / "summary.md").write_text(text)
    print(text)

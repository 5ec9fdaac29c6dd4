#!/usr/bin/env python3
"""A "legacy" log report: requests per status with their mean latency (Q1)
and the 20 busiest (region, path) pairs with p50/p99 latency and bytes (Q2),
over an NDJSON request log.

``--engine native`` is the script as teams write it: a loop over the lines
with ``json.loads``, dicts and lists. ``--engine brownfield`` replaces that
loop with two ``brownfield.logs.query`` calls (see ``report_brownfield``).
Both print the same report; the last line is
``TIME python-logs <engine> <seconds>`` (best of --passes).

usage: log_report.py [--engine native|brownfield] [--passes N] FILE
"""

import argparse
import json
import statistics
import time
from collections import defaultdict


def quantile(sorted_values, q):
    """Linear-interpolated quantile (DuckDB's quantile_cont)."""
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def report_native(path):
    """The loop brownfield replaces."""
    by_status = defaultdict(list)
    by_route = defaultdict(lambda: [[], 0])
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            by_status[r["status"]].append(r["latency_ms"])
            route = by_route[(r["region"], r["path"])]
            route[0].append(r["latency_ms"])
            route[1] += r["bytes"]
    q1 = [(s, len(v), statistics.fmean(v)) for s, v in sorted(by_status.items())]
    rows = []
    for (region, p), (lat, total) in by_route.items():
        lat.sort()
        rows.append((region, p, len(lat), quantile(lat, 0.5), quantile(lat, 0.99), total))
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    return q1, rows[:20]


def report_brownfield(path):
    """The same report: two queries, no per-record Python objects."""
    import brownfield.logs

    q1 = brownfield.logs.query(path, by="status", agg=["count", "mean:latency_ms"])
    q2 = brownfield.logs.query(
        path,
        by=["region", "path"],
        agg=["count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"],
        order_by=["-count", "region", "path"],
        limit=20,
    )
    return [tuple(r.values()) for r in q1], [tuple(r.values()) for r in q2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--engine", choices=["native", "brownfield"], default="native")
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    run = report_brownfield if args.engine == "brownfield" else report_native

    best = float("inf")
    for _ in range(max(1, args.passes)):
        start = time.perf_counter()
        q1, q2 = run(args.file)
        best = min(best, time.perf_counter() - start)

    # Rounded so both engines print the same text (summation order differs).
    for status, count, mean in q1:
        print(f"status {status}: {count} requests, mean {mean:.6f} ms")
    for region, path, count, p50, p99, total in q2:
        print(f"{region:15} {path:24} {count:6d} p50={p50:.6f} p99={p99:.6f} bytes={total}")
    print(f"TIME python-logs {args.engine} {best:.6f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Python runner for the cross-language harness (benches/harness/harness.py).

Measures, for every JSON library importable here, each workload on each
input file once, and prints one JSON object per measurement on stdout:
  {"lang": "python", "lib": "orjson", "version": "3.10.7",
   "workload": "parse", "file": "twitter.json", "bytes": 631515,
   "seconds": 0.00123}
`seconds` is the best per-operation time over repetitions that last at
least --min-time seconds in total. Libraries that are not installed are
reported on stderr and skipped; brownfield itself must be importable.
"""
import argparse
import gc
import importlib
import json
import sys
import time


def _libs():
    """(name, version, loads, dumps) for every peer that is installed."""
    out = []
    import brownfield.json as bf  # the product: a missing binding is an error
    import brownfield
    out.append(("brownfield", brownfield.__version__, bf.loads, bf.dumps))
    out.append(("json", json.__version__ if hasattr(json, "__version__") else sys.version.split()[0],
                json.loads, json.dumps))
    for name in ("orjson", "ujson", "msgspec"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            print(f"py_runner: {name} not installed, skipped", file=sys.stderr)
            continue
        version = getattr(mod, "__version__", "?")
        if name == "msgspec":
            out.append((name, version, mod.json.decode, mod.json.encode))
        else:
            out.append((name, version, mod.loads, mod.dumps))
    return out


def brownfield_logs(path):
    """Q1 and Q2 through the Python binding of the log engine."""
    from brownfield import logs
    logs.query(path, by=["status"], agg=["count", "mean:latency_ms"])
    logs.query(path, by=["region", "path"], agg=["count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"],
               order_by=["-count"], limit=20)


def logs_peers():
    """(name, version, run) for the log-query peers: Q1 and Q2 over a path."""
    import brownfield
    out = [("brownfield", brownfield.__version__, brownfield_logs)]
    try:
        import duckdb

        def run_duckdb(path):
            con = duckdb.connect()
            src = f"read_json('{path}', format='newline_delimited')"
            con.execute(f"SELECT status, count(*), avg(latency_ms) FROM {src} GROUP BY status").fetchall()
            con.execute(f"SELECT region, path, count(*) AS c, quantile_cont(latency_ms, 0.5), "
                        f"quantile_cont(latency_ms, 0.99), sum(bytes) FROM {src} "
                        f"GROUP BY region, path ORDER BY c DESC LIMIT 20").fetchall()
        out.append(("duckdb", duckdb.__version__, run_duckdb))
    except ImportError:
        print("py_runner: duckdb not installed, skipped", file=sys.stderr)
    try:
        import polars as pl

        def run_polars(path):
            lf = pl.scan_ndjson(path)
            lf.group_by("status").agg(pl.len(), pl.col("latency_ms").mean()).collect()
            (lf.group_by("region", "path")
               .agg(pl.len().alias("c"), pl.col("latency_ms").quantile(0.5, "linear"),
                    pl.col("latency_ms").quantile(0.99, "linear").alias("p99"), pl.col("bytes").sum())
               .sort("c", descending=True).head(20).collect())
        out.append(("polars", pl.__version__, run_polars))
    except ImportError:
        print("py_runner: polars not installed, skipped", file=sys.stderr)
    try:
        import orjson
        out.append(("orjson-loop", orjson.__version__, lambda path: python_loop(path, orjson.loads)))
    except ImportError:
        print("py_runner: orjson not installed, skipped", file=sys.stderr)
    return out


def python_loop(path, loads):
    """The legacy script: read line by line, build dicts, aggregate by hand."""
    q1 = {}
    q2 = {}
    with open(path, "rb") as f:
        for line in f:
            r = loads(line)
            s = q1.setdefault(r["status"], [0, 0.0])
            s[0] += 1
            s[1] += r["latency_ms"]
            g = q2.setdefault((r["region"], r["path"]), [0, [], 0])
            g[0] += 1
            g[1].append(r["latency_ms"])
            g[2] += r["bytes"]
    means = {k: v[1] / v[0] for k, v in q1.items()}
    top = sorted(q2.items(), key=lambda kv: -kv[1][0])[:20]
    for _, (n, lat, _) in top:
        lat.sort()
        _ = (lat[int(0.5 * (n - 1))], lat[int(0.99 * (n - 1))])
    return means, top


def best_time(fn, min_time):
    """Best per-call seconds of fn() over calls lasting >= min_time total."""
    best = float("inf")
    total = 0.0
    calls = 0
    while total < min_time or calls < 3:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best = min(best, dt)
        total += dt
        calls += 1
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-time", type=float, default=0.2)
    ap.add_argument("--workloads", default="parse,serialize,ndjson,logs")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    workloads = args.workloads.split(",")
    libs = _libs()
    peers = logs_peers() if "logs" in workloads else []
    gc.disable()
    for path in args.files:
        data = open(path, "rb").read()
        name = path.rsplit("/", 1)[-1]
        is_ndjson = name.endswith(".ndjson")
        lines = data.splitlines() if is_ndjson else None
        if is_ndjson and name.startswith("requests"):
            for lib, version, run in peers:
                gc.enable()
                print(json.dumps({"lang": "python", "lib": lib, "version": version, "workload": "logs-q1q2",
                                  "file": name, "bytes": len(data),
                                  "seconds": best_time(lambda: run(path), args.min_time)}), flush=True)
                gc.disable()
            continue  # generated request logs: only the log workload
        if is_ndjson and "ndjson" in workloads:
            import brownfield.json as bfj
            import brownfield
            print(json.dumps({"lang": "python", "lib": "brownfield-loads_lines", "version": brownfield.__version__,
                              "workload": "ndjson", "file": name, "bytes": len(data),
                              "seconds": best_time(lambda: bfj.loads_lines(data), args.min_time)}), flush=True)
        for lib, version, loads, dumps in libs:
            def emit(workload, seconds):
                print(json.dumps({"lang": "python", "lib": lib, "version": version,
                                  "workload": workload, "file": name, "bytes": len(data),
                                  "seconds": seconds}), flush=True)
            if is_ndjson:
                if "ndjson" in workloads:
                    emit("ndjson", best_time(lambda: [loads(l) for l in lines], args.min_time))
                continue
            if "parse" in workloads:
                emit("parse", best_time(lambda: loads(data), args.min_time))
            if "serialize" in workloads:
                obj = json.loads(data)
                emit("serialize", best_time(lambda: dumps(obj), args.min_time))
            gc.collect()


if __name__ == "__main__":
    main()

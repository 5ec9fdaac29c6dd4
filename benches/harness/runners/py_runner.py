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
    ap.add_argument("--workloads", default="parse,serialize,ndjson")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    workloads = args.workloads.split(",")
    libs = _libs()
    gc.disable()
    for path in args.files:
        data = open(path, "rb").read()
        name = path.rsplit("/", 1)[-1]
        is_ndjson = name.endswith(".ndjson")
        lines = data.splitlines() if is_ndjson else None
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

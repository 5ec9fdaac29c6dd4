"""Per-call overhead of ``brownfield.json`` against orjson and ``json``:
best-of-N ``timeit`` of tiny and small values, and of an NDJSON file parsed
line by line (the loop a legacy app runs). Wall-clock, so compare runs made
in the same minute on the same machine.

    python bindings/python/benches/per_call.py [NDJSON_FILE]
"""

import json
import os
import sys
import timeit

import orjson

import brownfield.json as bj

REPEAT = 15

TINY = {"a": 1}
SMALL = {"id": 12345, "name": "widget", "tags": ["x", "y"], "price": 9.5, "ok": True}


def best_ns(fn, number):
    """The fastest of REPEAT runs of ``number`` calls, in ns per call."""
    return min(timeit.repeat(fn, number=number, repeat=REPEAT)) / number * 1e9


def row(label, cases, number):
    cells = "  ".join(f"{name} {best_ns(fn, number):7.0f}" for name, fn in cases)
    print(f"{label:<24} {cells}")


def main():
    data_dir = os.environ.get("BROWNFIELD_DATA_DIR", "/work/shared/data")
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        data_dir, "json", "amazon_cellphones.ndjson")
    tiny_s, small_s = json.dumps(TINY), json.dumps(SMALL)
    print("ns per call (best of", REPEAT, ")")
    for label, text, obj in (("tiny", tiny_s, TINY), ("small dict", small_s, SMALL)):
        row(f"loads {label}", [("brownfield", lambda: bj.loads(text)),
                               ("orjson", lambda: orjson.loads(text)),
                               ("json", lambda: json.loads(text))], 200_000)
        row(f"dumps {label}", [("brownfield", lambda: bj.dumps(obj)),
                               ("orjson", lambda: orjson.dumps(obj)),
                               ("json", lambda: json.dumps(obj))], 200_000)
        row(f"dumpb {label}", [("brownfield", lambda: bj.dumpb(obj))], 200_000)
    row("dumps tiny indent=2", [("brownfield", lambda: bj.dumps(TINY, indent=2)),
                                ("json", lambda: json.dumps(TINY, indent=2))], 100_000)
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    print(f"{os.path.basename(path)}: {len(lines)} lines, ms per file, line by line")
    for name, fn in (("brownfield", bj.loads), ("orjson", orjson.loads), ("json", json.loads)):
        ms = min(timeit.repeat(lambda: [fn(line) for line in lines], number=20,
                               repeat=REPEAT)) / 20 * 1e3
        print(f"  {name:<10} {ms:.3f}")


if __name__ == "__main__":
    main()

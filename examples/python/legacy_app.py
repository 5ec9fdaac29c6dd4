#!/usr/bin/env python3
"""A tiny "legacy app" whose hot path is JSON.

For every *.json document in the corpus it parses the text, walks the
result (values per type, longest string) and serializes it back (in memory:
nothing is written to disk). It runs on the standard library's json or on
brownfield, chosen by ``--json native|brownfield``; the swap is one line
(see ``json_module``). Both modes print the same summary, proving the swap
changes nothing but the time; the last line is
``BENCH python <mode> <seconds>``: the JSON hot path (loads + dumps of all
files), best of 3 passes.
"""

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path


def json_module(which):
    """The JSON module the app uses."""
    if which == "brownfield":
        import brownfield.json as json  # <- the swap: this one line

        return json
    import json

    return json


def walk(value, counts):
    """Counts values per type; returns the longest string seen."""
    longest = ""
    stack = [value]
    while stack:
        v = stack.pop()
        counts[type(v).__name__] = counts.get(type(v).__name__, 0) + 1
        if isinstance(v, dict):
            for k, item in v.items():
                if len(k) > len(longest):
                    longest = k
                stack.append(item)
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, str) and len(v) > len(longest):
            longest = v
    return longest


def default_data_dir():
    base = os.environ.get("BROWNFIELD_DATA_DIR")
    if base:
        return Path(base) / "json"
    return Path(__file__).resolve().parents[2].parent / "shared" / "data" / "json"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", choices=["native", "brownfield"], default="native")
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()

    json = json_module(args.json)
    files = sorted(args.data_dir.glob("*.json"))
    if not files:
        sys.exit(f"legacy_app: no *.json files in {args.data_dir}")
    texts = [(f.name, f.read_text(encoding="utf-8")) for f in files]

    best = float("inf")
    for _ in range(max(1, args.passes)):
        start = time.perf_counter()
        docs = [json.loads(text) for _, text in texts]
        outputs = [json.dumps(doc) for doc in docs]
        best = min(best, time.perf_counter() - start)

    totals = {}
    for (name, _), doc, out in zip(texts, docs, outputs):
        counts = {}
        longest = walk(doc, counts)
        for t, n in counts.items():
            totals[t] = totals.get(t, 0) + n
        digest = hashlib.sha256(out.encode("utf-8")).hexdigest()[:16]
        print(
            f"{name:24} values={sum(counts.values()):8d} longest_string={len(longest):6d} "
            f"dumps_bytes={len(out):9d} sha256={digest}"
        )
    print("totals " + " ".join(f"{t}={n}" for t, n in sorted(totals.items())))
    print(f"BENCH python {args.json} {best:.6f}")


if __name__ == "__main__":
    main()

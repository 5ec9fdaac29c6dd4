"""Python ``brownfield.json.loads_lines(data)`` against an orjson loop over
lines split beforehand (``[orjson.loads(l) for l in lines]``), best of N
calls each, alternating, in one process; checks both give equal values.

usage: loads_lines_check.py [FILE.ndjson ...]
Default: the corpus NDJSON (``$BROWNFIELD_DATA_DIR/json/*.ndjson``, else
``../shared/data``) and 50,000 generated request-log lines (16 MB).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

import brownfield.json as bfj

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("BROWNFIELD_DATA_DIR", HERE.parents[2] / "shared" / "data"))


def best_ms(f, n):
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best * 1e3


def check(path):
    data = Path(path).read_bytes()
    lines = data.splitlines()
    assert bfj.loads_lines(data) == [orjson.loads(line) for line in lines if line.strip()]
    n = 30 if len(data) < 1 << 20 else 5
    theirs = ours = float("inf")
    for _ in range(2):
        theirs = min(theirs, best_ms(lambda: [orjson.loads(line) for line in lines], n))
        ours = min(ours, best_ms(lambda: bfj.loads_lines(data), n))
    print(f"{Path(path).name}: {len(data) / 1e6:.2f} MB, orjson loop {theirs:.3f} ms, "
          f"loads_lines {ours:.3f} ms ({theirs / ours:.2f}x)")


def main():
    files = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        if not files:
            files = sorted(str(p) for p in (DATA / "json").glob("*.ndjson"))
            generated = Path(tmp) / "requests_50000.ndjson"
            subprocess.run([sys.executable, str(HERE / "gen_ndjson.py"), "--lines", "50000", str(generated)],
                           check=True)
            files.append(str(generated))
        for path in files:
            check(path)


if __name__ == "__main__":
    main()

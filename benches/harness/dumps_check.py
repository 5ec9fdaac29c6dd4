"""Python ``brownfield.json.dumps`` with and without ``ensure_ascii``,
``dumpb``, and ``loads`` of the same files, against orjson, best of N
calls each in one process (the harness measures only the default
``dumps``/``loads`` against every peer).

usage: dumps_check.py [NAME.json ...]   (default: gsoc-2018, twitter,
citm_catalog, update-center from ``$BROWNFIELD_DATA_DIR/json``, else
``../shared/data/json``)
"""

import json
import os
import sys
from pathlib import Path

import orjson

import brownfield.json as bj
from loads_lines_check import best_ms  # same directory

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("BROWNFIELD_DATA_DIR", HERE.parents[2] / "shared" / "data")) / "json"
DEFAULT = ["gsoc-2018.json", "twitter.json", "citm_catalog.json", "update-center.json"]


def main():
    for name in sys.argv[1:] or DEFAULT:
        data = (DATA / name).read_bytes()
        obj = json.loads(data)
        assert bj.dumps(obj, ensure_ascii=False) == json.dumps(obj, ensure_ascii=False)
        cells = {
            "dumps": lambda: bj.dumps(obj),
            "dumps(ensure_ascii=False)": lambda: bj.dumps(obj, ensure_ascii=False),
            "dumpb": lambda: bj.dumpb(obj),
            "orjson.dumps": lambda: orjson.dumps(obj),
            "loads": lambda: bj.loads(data),
            "orjson.loads": lambda: orjson.loads(data),
        }
        print(f"{name}: " + ", ".join(f"{k} {best_ms(f, 30):.3f} ms" for k, f in cells.items()))


if __name__ == "__main__":
    main()

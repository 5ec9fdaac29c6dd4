#!/usr/bin/env python3
"""Writes the shared log-engine test vectors every front runs (Rust core,
CLI, C, C++, Python, Ruby).

Outputs, next to this script:
  inputs/*      small inputs in every format (NDJSON, logfmt, common,
                combined, regex), with bad lines, nulls, nested fields
  cases.json    a list of cases:
                  {"name", "format", "input", "query": {"where", "by", "agg",
                   "order_by", "limit", "skip_bad_lines"},
                   "expect": {"columns", "rows", "lines_read", "lines_matched",
                              "lines_skipped", "bad_lines"}
                   or "error": {"kind", "line"}}

The expected results are computed here by a small pure-Python reference
(plain loops over hand-written records, `statistics`-free exact math), not by
brownfield, so the vectors are an independent oracle. Floats compare with a
relative tolerance of 1e-9 in the suites.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent

NDJSON = [
    {"status": 200, "ms": 12.5, "path": "/a", "region": "eu", "bytes": 100, "req": {"ua": "curl"}, "tags": ["x"]},
    {"status": 200, "ms": 7.0, "path": "/b", "region": "us", "bytes": 250, "req": {"ua": "firefox"}},
    {"status": 404, "ms": 3.25, "path": "/a", "region": "eu", "bytes": 0, "req": {"ua": "curl"}},
    {"status": 500, "ms": 120.0, "path": "/c", "region": "us", "bytes": None, "req": {"ua": "curl"}},
    {"status": 200, "ms": 30.0, "path": "/a", "region": "eu", "bytes": 1000, "req": {"ua": "safari"}, "tags": []},
    {"status": 503, "ms": 95.5, "path": "/b", "region": "ap", "bytes": 10, "req": {"ua": "firefox"}},
    {"status": 200, "ms": 1.0, "path": "/c", "region": "ap", "bytes": 42},
    {"status": 301, "ms": 2.0, "path": "/a", "region": "us", "bytes": 5, "req": {"ua": "curl"}},
    {"status": 200, "ms": 18.75, "path": "/b", "region": "eu", "bytes": 700, "req": {"ua": "curl"}},
    {"status": 404, "ms": 4.0, "path": "/d", "bytes": 0, "req": {"ua": "bot \u00e9"}},
]
LOGFMT = [
    'level=info msg="started" dur=12 user=alice',
    'level=warn msg="slow \\"db\\"" dur=250 user=bob',
    "level=info dur=8 user=alice debug",
    'level=error msg="boom" dur=900',
    "level=info dur=15 user=carol",
]
COMMON = [
    '10.0.0.1 - alice [10/Oct/2000:13:55:36 -0700] "GET /index.html HTTP/1.0" 200 2326',
    '10.0.0.2 - - [10/Oct/2000:13:55:37 -0700] "POST /api HTTP/1.1" 201 -',
    '10.0.0.1 - alice [10/Oct/2000:13:55:38 -0700] "GET /index.html HTTP/1.0" 304 0 0.002',
    '10.0.0.3 - bob [10/Oct/2000:13:55:39 -0700] "GET /missing HTTP/1.0" 404 512 0.010',
]
COMBINED = [
    '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 1000 "http://x/" "Mozilla/5.0 (X11)"',
    '1.2.3.5 - - [17/May/2015:10:05:04 +0000] "GET /b HTTP/1.1" 404 20 "-" "curl/8.0"',
    '1.2.3.4 - - [17/May/2015:10:05:05 +0000] "GET /a HTTP/1.1" 200 3000 "-" "Mozilla/5.0 (X11) \\"quoted\\""',
    'this line is not a combined log line',
    '1.2.3.6 - - [17/May/2015:10:05:06 +0000] "POST /c HTTP/1.1" 500 0 "-" "curl/8.0" 1.5',
]
REGEX_LINES = ["WARN 250ms db", "INFO 12ms web", "WARN 50ms web", "ERROR 900ms db"]
REGEX = r"regex:^(?P<level>[A-Z]+) (?P<ms>\d+)ms (?P<svc>\w+)$"


def clf_record(line, combined):
    """Reference parser for the few fixed lines above (not a general one)."""
    import re
    q = r'"((?:[^"\\]|\\.)*)"'
    pat = rf'^(\S+) (\S+) (\S+) \[([^\]]*)\] {q} (\d+) (\d+|-)' + (rf' {q} {q}' if combined else '') + r'(?: (\S+))?$'
    m = re.match(pat, line)
    if not m:
        return None
    g = m.groups()
    method, path, proto = (g[4].split(" ", 2) + [None, None])[:3]
    rec = {"host": g[0], "user": None if g[2] == "-" else g[2], "method": method, "path": path,
           "status": int(g[5]), "bytes": None if g[6] == "-" else int(g[6])}
    if combined:
        rec["referer"], rec["user_agent"] = g[7], g[8]
    rt = g[-1]
    rec["request_time"] = None if rt is None else (int(rt) if rt.isdigit() else float(rt))
    return rec


def logfmt_record(line):
    import shlex
    rec = {}
    for tok in shlex.split(line.replace('\\"', "\u0000")):
        tok = tok.replace("\u0000", '\\"')
        if "=" in tok:
            k, v = tok.split("=", 1)
            try:
                v = int(v)
            except ValueError:
                pass
            rec[k] = v
        else:
            rec[tok] = True
    return rec


def get(rec, field):
    cur = rec
    for part in field.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def quantile(vals, q):
    vals = sorted(vals)
    if not vals:
        return None
    pos = q * (len(vals) - 1)
    lo, hi = int(pos // 1), int(-(-pos // 1))
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)


def agg_value(spec, recs):
    name, _, field = spec.partition(":")
    if name == "count" and not field:
        return len(recs)
    vals = [get(r, field) for r in recs]
    present = [v for v in vals if v is not None]
    nums = [v for v in present if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if name == "count":
        return len(present)
    if name == "sum":
        return sum(nums) if nums else None
    if name == "mean":
        return sum(nums) / len(nums) if nums else None
    if name == "min":
        return min(present) if present else None
    if name == "max":
        return max(present) if present else None
    if name == "distinct":
        return len(set(json.dumps(v) for v in present))
    if name == "median":
        return quantile([float(v) for v in nums], 0.5)
    if name.startswith("p"):
        return quantile([float(v) for v in nums], float(name[1:]) / 100)
    raise ValueError(spec)


def run(records, query, skip_bad):
    """records: list of (line_no, record or None for a bad line)."""
    bad = [n for n, r in records if r is None]
    if bad and not skip_bad:
        return None, {"kind": "bad_record", "line": bad[0]}
    good = [r for _, r in records if r is not None]
    keep = [r for r in good if query.get("pred", lambda r: True)(r)]
    groups = {}
    for r in keep:
        key = tuple(get(r, f) for f in query.get("by", []))
        groups.setdefault(json.dumps(key), (key, []))[1].append(r)
    aggs = query.get("agg", ["count"])
    rows = [list(key) + [agg_value(a, rs) for a in aggs] for key, rs in groups.values()]
    columns = query.get("by", []) + aggs

    # Order: the order_by columns (default: the group keys), then every
    # column ascending as a tie-break; nulls last in both directions, as in
    # DuckDB; numbers before strings.
    def cmp_col(x, y, desc):
        if x is None or y is None:
            return (x is None) - (y is None)
        rx, ry = isinstance(x, str), isinstance(y, str)
        if rx != ry:
            return 1 if rx else -1
        c = (x > y) - (x < y)
        return -c if desc else c

    order = [(columns.index(c.lstrip("-")), c.startswith("-")) for c in (query.get("order_by") or query.get("by", []))]
    order += [(i, False) for i in range(len(columns))]

    def cmp_row(a, b):
        for i, desc in order:
            c = cmp_col(a[i], b[i], desc)
            if c:
                return c
        return 0
    import functools
    rows.sort(key=functools.cmp_to_key(cmp_row))
    if query.get("limit") is not None:
        rows = rows[:query["limit"]]
    return {"columns": columns, "rows": rows, "lines_read": len(records), "lines_matched": len(keep),
            "lines_skipped": len(bad) if skip_bad else 0, "bad_lines": bad[:5] if skip_bad else []}, None


def case(name, fmt, input_name, records, where=None, pred=None, by=(), agg=("count",), order_by=(), limit=None,
         skip_bad_lines=False):
    q = {"by": list(by), "agg": list(agg), "order_by": list(order_by), "limit": limit}
    if pred:
        q["pred"] = pred
    expect, error = run(records, q, skip_bad_lines)
    out = {"name": name, "format": fmt, "input": input_name,
           "query": {"where": where, "by": list(by), "agg": list(agg), "order_by": list(order_by),
                     "limit": limit, "skip_bad_lines": skip_bad_lines}}
    if error:
        out["error"] = error
    else:
        out["expect"] = expect
    return out


def main():
    inputs = HERE / "inputs"
    inputs.mkdir(exist_ok=True)
    nd_lines = [json.dumps(r, ensure_ascii=False) for r in NDJSON]
    (inputs / "requests.ndjson").write_text("\n".join(nd_lines) + "\n")
    nd = [(i + 1, r) for i, r in enumerate(NDJSON)]
    bad_lines = nd_lines[:3] + ['{"status": 200, "ms": ', ""] + nd_lines[3:6] + ["[1, 2]"] + nd_lines[6:]
    (inputs / "requests_bad.ndjson").write_text("\n".join(bad_lines) + "\n")
    nd_bad, n = [], 0
    for line in bad_lines:
        n += 1
        if not line.strip():
            continue
        r = json.loads(line) if line.startswith("{") and line.endswith("}") else None
        nd_bad.append((n, r if isinstance(r, dict) else None))
    (inputs / "app.logfmt").write_text("\n".join(LOGFMT) + "\n")
    lf = [(i + 1, logfmt_record(l)) for i, l in enumerate(LOGFMT)]
    (inputs / "access.common.log").write_text("\n".join(COMMON) + "\n")
    cm = [(i + 1, clf_record(l, False)) for i, l in enumerate(COMMON)]
    (inputs / "access.combined.log").write_text("\n".join(COMBINED) + "\n")
    cb = [(i + 1, clf_record(l, True)) for i, l in enumerate(COMBINED)]
    (inputs / "services.log").write_text("\n".join(REGEX_LINES) + "\n")
    import re
    rx = re.compile(REGEX[len("regex:"):])
    rg = [(i + 1, {k: int(v) if v.isdigit() else v for k, v in rx.match(l).groupdict().items()}) for i, l in enumerate(REGEX_LINES)]

    cases = [
        case("ndjson_count_all", "ndjson", "requests.ndjson", nd),
        case("ndjson_by_status", "ndjson", "requests.ndjson", nd, by=["status"], agg=["count", "mean:ms", "sum:bytes"]),
        case("ndjson_q2_shape", "ndjson", "requests.ndjson", nd, by=["region", "path"],
             agg=["count", "p50:ms", "p99:ms", "sum:bytes"], order_by=["-count", "region", "path"], limit=3),
        case("ndjson_filter_ge", "ndjson", "requests.ndjson", nd, where="status >= 400",
             pred=lambda r: r["status"] >= 400, by=["status"], agg=["count", "max:ms"]),
        case("ndjson_filter_and_or_not", "ndjson", "requests.ndjson", nd,
             where='(region = "eu" or region = "ap") and not path = "/a"',
             pred=lambda r: r.get("region") in ("eu", "ap") and r["path"] != "/a", by=["path"], agg=["count"]),
        case("ndjson_filter_in_regex", "ndjson", "requests.ndjson", nd, where='path in ("/a", "/b") and req.ua ~ "^c"',
             pred=lambda r: r["path"] in ("/a", "/b") and str(get(r, "req.ua") or "").startswith("c")
             and get(r, "req.ua") is not None, agg=["count", "sum:bytes"]),
        case("ndjson_null_semantics", "ndjson", "requests.ndjson", nd, where="region != \"eu\"",
             pred=lambda r: r.get("region") is not None and r["region"] != "eu", agg=["count"]),
        case("ndjson_exists", "ndjson", "requests.ndjson", nd, where="exists(tags) and exists(req.ua)",
             pred=lambda r: r.get("tags") is not None and get(r, "req.ua") is not None, agg=["count"]),
        case("ndjson_nested_group", "ndjson", "requests.ndjson", nd, by=["req.ua"],
             agg=["count", "min:ms", "distinct:path"], order_by=["-count", "req.ua"]),
        case("ndjson_missing_group_key", "ndjson", "requests.ndjson", nd, by=["region"], agg=["count", "count:bytes"]),
        case("ndjson_median_mean", "ndjson", "requests.ndjson", nd, agg=["median:ms", "mean:bytes", "p90:ms"]),
        case("ndjson_bad_strict", "ndjson", "requests_bad.ndjson", nd_bad, by=["status"]),
        case("ndjson_bad_skip", "ndjson", "requests_bad.ndjson", nd_bad, by=["status"], agg=["count"],
             skip_bad_lines=True),
        case("logfmt_by_level", "logfmt", "app.logfmt", lf, by=["level"], agg=["count", "sum:dur", "max:dur"],
             order_by=["-count", "level"]),
        case("logfmt_bare_key_and_quotes", "logfmt", "app.logfmt", lf, where="debug = true or dur > 200",
             pred=lambda r: r.get("debug") is True or r["dur"] > 200, by=["user"], agg=["count"]),
        case("common_by_status", "common", "access.common.log", cm, by=["status"], agg=["count", "sum:bytes"]),
        case("common_user_and_time", "common", "access.common.log", cm, where="exists(request_time)",
             pred=lambda r: r["request_time"] is not None, by=["user"], agg=["count", "max:request_time"]),
        case("combined_strict", "combined", "access.combined.log", cb, by=["status"]),
        case("combined_skip", "combined", "access.combined.log", cb, by=["path"], agg=["count", "sum:bytes"],
             skip_bad_lines=True),
        case("combined_agent_filter", "combined", "access.combined.log", cb, where='user_agent ~ "Mozilla"',
             pred=lambda r: r and "Mozilla" in r["user_agent"], agg=["count", "sum:bytes"], skip_bad_lines=True),
        case("regex_groups", REGEX, "services.log", rg, by=["level"], agg=["count", "sum:ms"], order_by=["-sum:ms"]),
        case("regex_filter", REGEX, "services.log", rg, where='svc = "db"', pred=lambda r: r["svc"] == "db",
             agg=["count", "mean:ms"]),
    ]
    (HERE / "cases.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} log vectors written to {HERE / 'cases.json'}")


if __name__ == "__main__":
    main()

"""DuckDB as the oracle for the log engine's exact aggregates.

Generates request-log NDJSON with benches/harness/gen_ndjson.py, runs the
`brownfield` CLI (path in $BROWNFIELD_BIN) with --output json, runs the same
query in DuckDB over the same file, and compares: integers exactly, floats to
1e-9 relative (summation order differs), sketches within their documented
error.

Run: BROWNFIELD_BIN=target/debug/brownfield .venv/bin/python -m pytest tests/oracle
"""
import json
import math
import os
import pathlib
import subprocess
import sys

import duckdb
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("BROWNFIELD_BIN", str(ROOT / "target" / "debug" / "brownfield"))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = tmp_path_factory.mktemp("oracle") / "requests.ndjson"
    subprocess.run([sys.executable, str(ROOT / "benches" / "harness" / "gen_ndjson.py"),
                    "--lines", "60000", "--seed", "7", str(path)], check=True)
    return path


def brownfield(path, *args):
    out = subprocess.run([BIN, "stats", str(path), "--output", "json", "--no-progress", *args],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def duck(path, sql):
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_json('{path}', format='newline_delimited')")
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def check(got, want, columns):
    assert len(got) == len(want), (len(got), len(want))
    for g, w in zip(got, want):
        for c in columns:
            assert same(g[c], w[c]), (c, g, w)


def test_q1_by_status_count_mean(data):
    got = brownfield(data, "--by", "status", "--agg", "count,mean:latency_ms")
    want = duck(data, 'SELECT status, count(*) AS "count", avg(latency_ms) AS "mean:latency_ms" '
                      "FROM t GROUP BY status ORDER BY status")
    check(got, want, ["status", "count", "mean:latency_ms"])


def test_q2_region_path_quantiles_top20(data):
    got = brownfield(data, "--by", "region,path", "--agg", "count,p50:latency_ms,p99:latency_ms,sum:bytes",
                     "--order-by=-count,region,path", "--limit", "20")
    want = duck(data, 'SELECT region, path, count(*) AS "count", '
                      'quantile_cont(latency_ms, 0.5) AS "p50:latency_ms", '
                      'quantile_cont(latency_ms, 0.99) AS "p99:latency_ms", sum(bytes) AS "sum:bytes" '
                      "FROM t GROUP BY region, path ORDER BY count(*) DESC, region, path LIMIT 20")
    check(got, want, ["region", "path", "count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"])


def test_filters_nested_fields_min_max_distinct(data):
    got = brownfield(data, "--where", 'status >= 400 and (method in ("GET", "POST") or not region = "eu-west-1")',
                     "--by", "req.ua", "--agg", "count,min:bytes,max:latency_ms,distinct:user_id,count:tags")
    want = duck(data, 'SELECT req.ua AS "req.ua", count(*) AS "count", min(bytes) AS "min:bytes", '
                      'max(latency_ms) AS "max:latency_ms", count(DISTINCT user_id) AS "distinct:user_id", '
                      'count(tags) AS "count:tags" FROM t '
                      "WHERE status >= 400 AND (method IN ('GET', 'POST') OR NOT region = 'eu-west-1') "
                      'GROUP BY req.ua ORDER BY req.ua')
    check(got, want, ["req.ua", "count", "min:bytes", "max:latency_ms", "distinct:user_id", "count:tags"])


def test_regex_filter_and_whole_table(data):
    got = brownfield(data, "--where", 'path ~ "^/api/v[12]/orders" and latency_ms < 20.5',
                     "--agg", "count,sum:latency_ms,median:bytes")
    want = duck(data, 'SELECT count(*) AS "count", sum(latency_ms) AS "sum:latency_ms", '
                      'quantile_cont(bytes, 0.5) AS "median:bytes" FROM t '
                      "WHERE regexp_matches(path, '^/api/v[12]/orders') AND latency_ms < 20.5")
    check(got, want, ["count", "sum:latency_ms", "median:bytes"])


def test_sketches_within_documented_error(data):
    got = brownfield(data, "--by", "region", "--agg", "approx_p99:latency_ms,approx_distinct:user_id")
    want = duck(data, 'SELECT region, quantile_cont(latency_ms, 0.99) AS p99, count(DISTINCT user_id) AS d '
                      "FROM t GROUP BY region ORDER BY region")
    for g, w in zip(got, want):
        # DDSketch: 1% relative error against a true sample quantile (allow
        # interpolation between neighbours: 1.5%); HLL++ p=14: 3 sigma ~ 2.5%.
        assert abs(g["approx_p99:latency_ms"] - w["p99"]) / w["p99"] < 0.015, (g, w)
        assert abs(g["approx_distinct:user_id"] - w["d"]) / w["d"] < 0.025, (g, w)

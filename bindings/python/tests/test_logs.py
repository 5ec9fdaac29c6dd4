"""brownfield.logs.query: the shared log vectors, the same answers as the
CLI and as DuckDB on generated request logs (Q1, Q2), every input kind,
bad lines, errors, Ctrl-C, result conversions."""

import _thread
import gzip
import json
import math
import os
import pathlib
import subprocess
import sys
import threading
import time

import duckdb
import polars
import pytest

import brownfield.json as bj
import brownfield.logs as logs
from conftest import REPO

LOG_VECTORS = REPO / "tests" / "vectors" / "logs"
GEN = REPO / "benches" / "harness" / "gen_ndjson.py"
CLI = pathlib.Path(os.environ.get("BROWNFIELD_BIN", REPO / "target" / "debug" / "brownfield"))

Q1 = {"by": ["status"], "agg": ["count", "mean:latency_ms"]}
Q2 = {
    "by": ["region", "path"],
    "agg": ["count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"],
    "order_by": ["-count", "region", "path"],
    "limit": 20,
}


@pytest.fixture(scope="module")
def requests(tmp_path_factory):
    """40,000 generated request-log lines (benches/harness/gen_ndjson.py)."""
    path = tmp_path_factory.mktemp("logs") / "requests.ndjson"
    subprocess.run(
        [sys.executable, str(GEN), "--lines", "40000", "--seed", "3", str(path)], check=True
    )
    return path


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def check(got, want, columns):
    assert len(got) == len(want), (len(got), len(want))
    for g, w in zip(got, want):
        for c in columns:
            assert same(g[c], w[c]), (c, g, w)


def cli(path, q):
    if not CLI.exists():
        raise FileNotFoundError(f"{CLI} missing: build it with `cargo build -p brownfield-cli`")
    args = [str(CLI), "stats", str(path), "--output", "json", "--no-progress"]
    if q.get("by"):
        args += ["--by", ",".join(q["by"])]
    args += ["--agg", ",".join(q["agg"])]
    if q.get("order_by"):
        args += ["--order-by=" + ",".join(q["order_by"])]
    if q.get("limit") is not None:
        args += ["--limit", str(q["limit"])]
    if q.get("where"):
        args += ["--where", q["where"]]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def duck(path, sql):
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_json('{path}', format='newline_delimited')")
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


# -- the shared vectors (tests/vectors/logs/cases.json) ------------------------

CASES = json.loads((LOG_VECTORS / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_vectors(case):
    q = case["query"]
    kw = dict(
        format=case["format"],
        where=q["where"],
        by=q["by"],
        agg=q["agg"],
        order_by=q["order_by"],
        limit=q["limit"],
        skip_bad_lines=q["skip_bad_lines"],
    )
    path = LOG_VECTORS / "inputs" / case["input"]
    if "error" in case:
        assert case["error"]["kind"] == "bad_record"
        with pytest.raises(logs.BadRecordError) as info:
            logs.query(path, **kw)
        assert info.value.line == case["error"]["line"]
        assert isinstance(info.value, ValueError)
        return
    want = case["expect"]
    for source in (path, str(path), path.read_bytes(), open(path, "rb"), open(path)):
        got = logs.query(source, **kw)
        assert got.columns == want["columns"]
        assert [[row[c] for c in got.columns] for row in got] == want["rows"]
        assert (got.lines_read, got.lines_matched, got.lines_skipped) == (
            want["lines_read"],
            want["lines_matched"],
            want["lines_skipped"],
        )
        assert [b["line"] for b in got.bad_examples] == want["bad_lines"]


# -- Q1 / Q2 against the CLI and DuckDB ----------------------------------------


def test_q1_same_as_cli_and_duckdb(requests):
    got = logs.query(requests, **Q1)
    # Floats to 1e-9: partial results merge in a run-dependent order.
    check(got, cli(requests, Q1), got.columns)
    want = duck(
        requests,
        'SELECT status, count(*) AS "count", avg(latency_ms) AS "mean:latency_ms" '
        "FROM t GROUP BY status ORDER BY status",
    )
    check(got, want, ["status", "count", "mean:latency_ms"])
    assert got.lines_read == got.lines_matched == 40000


def test_q2_same_as_cli_and_duckdb(requests):
    got = logs.query(requests, **Q2)
    check(got, cli(requests, Q2), got.columns)
    want = duck(
        requests,
        'SELECT region, path, count(*) AS "count", '
        'quantile_cont(latency_ms, 0.5) AS "p50:latency_ms", '
        'quantile_cont(latency_ms, 0.99) AS "p99:latency_ms", sum(bytes) AS "sum:bytes" '
        "FROM t GROUP BY region, path ORDER BY count(*) DESC, region, path LIMIT 20",
    )
    check(got, want, ["region", "path", "count", "p50:latency_ms", "p99:latency_ms", "sum:bytes"])


def test_filter_and_nested_fields_same_as_cli(requests):
    q = {
        "where": 'status >= 400 and method in ("GET", "POST")',
        "by": ["req.ua"],
        "agg": ["count", "max:latency_ms", "distinct:user_id"],
    }
    got = logs.query(requests, **q)
    check(got, cli(requests, q), got.columns)


def test_every_input_kind_same_answer(requests, tmp_path):
    want = logs.query(requests, **Q2)
    raw = requests.read_bytes()
    gz = tmp_path / "requests.ndjson.gz"
    gz.write_bytes(gzip.compress(raw))
    lines = raw.decode().splitlines()
    sources = [
        str(requests),
        raw,
        bytearray(raw),
        memoryview(raw),
        gz,
        gzip.compress(raw),
        open(requests, "rb"),
        open(requests, encoding="utf-8"),
        iter(lines),  # lines without newlines
        (line + "\n" for line in lines),
        (line.encode() for line in lines),
    ]
    for source in sources:
        got = logs.query(source, **Q2)
        check(got, want, want.columns)
        assert got.lines_read == 40000
    check(logs.query(requests, threads=1, **Q2), want, want.columns)


def test_results_convert(requests):
    got = logs.query(requests, **Q1)
    df = got.to_polars()
    assert isinstance(df, polars.DataFrame)
    assert df.columns == got.columns
    assert df["count"].to_list() == [r["count"] for r in got]
    assert got.to_columns()["status"] == [r["status"] for r in got]
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError):
            got.to_arrow()
    else:
        assert got.to_arrow().num_rows == len(got)


# -- bad lines and errors --------------------------------------------------------

BAD = b'{"s": 1}\n{"s": 2}\nnot json\n{"s": 1}\n\n{"s": \n{"s": 3}\n'


def test_bad_line_strict_names_the_line():
    with pytest.raises(logs.BadRecordError) as info:
        logs.query(BAD, by="s")
    err = info.value
    assert (err.line, err.offset) == (3, 18)
    assert "line 3" in str(err)


def test_bad_lines_skipped_and_counted():
    got = logs.query(BAD, by="s", skip_bad_lines=True)
    assert got == [{"s": 1, "count": 2}, {"s": 2, "count": 1}, {"s": 3, "count": 1}]
    assert (got.lines_read, got.lines_matched, got.lines_skipped) == (6, 4, 2)
    assert [b["line"] for b in got.bad_examples] == [3, 6]
    assert [b["offset"] for b in got.bad_examples] == [18, 37]
    assert all(b["message"] for b in got.bad_examples)


@pytest.mark.parametrize(
    "kw",
    [
        {"agg": ["nope:x"]},
        {"where": "status >>> 3"},
        {"order_by": ["missing"]},
        {"format": "yaml"},
        {"format": "regex:(unclosed"},
        {"limit": -1},
        {"threads": 0},
    ],
)
def test_bad_queries_are_value_errors(kw):
    with pytest.raises(ValueError) as info:
        logs.query(b'{"a": 1}\n', **kw)
    assert not isinstance(info.value, logs.BadRecordError)


def test_io_errors_are_oserrors(tmp_path):
    with pytest.raises(FileNotFoundError):
        logs.query(tmp_path / "missing.ndjson")
    with pytest.raises(OSError):
        logs.query(str(tmp_path))  # a directory


def test_python_input_errors_propagate():
    def lines():
        yield '{"a": 1}'
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        logs.query(lines(), by="a")
    with pytest.raises(TypeError, match="str or bytes"):
        logs.query(iter([1, 2]), by="a")
    with pytest.raises(TypeError):
        logs.query(12)


def test_gil_released_while_querying(requests):
    # A Python thread keeps running while a query works.
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        for _ in range(3):
            logs.query(requests, **Q2)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 5


def test_ctrl_c_interrupts_a_long_query():
    # An endless input: only the interrupt can stop the query.
    line = b'{"status": 200, "latency_ms": 1.5}\n' * 1000

    def endless():
        while True:
            yield line

    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            logs.query(endless(), by="status")
    finally:
        timer.cancel()
    assert time.monotonic() - started < 10
    # The engine is usable afterwards.
    assert logs.query(b'{"a": 1}\n', by="a") == [{"a": 1, "count": 1}]


# -- loads_lines on generated data ----------------------------------------------


def test_loads_lines_equals_json_on_generated_data(requests):
    raw = requests.read_bytes()
    want = [json.loads(line) for line in raw.splitlines()]
    assert bj.loads_lines(raw) == want
    assert bj.loads_lines(raw.decode()) == want


def test_a_raising_signal_handler_interrupts_a_query():
    import signal

    class Alarm(Exception):
        pass

    def on_alarm(signum, frame):
        raise Alarm()

    line = b'{"status": 200}\n' * 1000

    def endless():
        while True:
            yield line

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(Alarm):
            logs.query(endless(), by="status")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)

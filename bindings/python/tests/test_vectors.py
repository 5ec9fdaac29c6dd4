"""The shared JSON test vectors (tests/vectors/json), as every binding runs them."""

import io
import json
import subprocess
import sys

import pytest

import brownfield.json as bj
from brownfield import _brownfield
from conftest import VECTORS, json_outcome, manifest

VALID = [name for kind, name, _, _ in manifest() if kind == "valid"]
INVALID = [(name, k, off) for kind, name, k, off in manifest() if kind == "invalid"]


def test_manifest_is_complete():
    assert len(VALID) >= 100
    assert len(INVALID) >= 50


@pytest.mark.parametrize("name", VALID)
def test_valid(name, deep_recursion):
    raw = (VECTORS / "valid" / f"{name}.json").read_bytes()
    expected_compact = (VECTORS / "valid" / f"{name}.out").read_text(encoding="utf-8")
    oracle = json.loads(raw)

    got = bj.loads(raw)
    assert got == oracle
    assert bj.loads(raw.decode("utf-8")) == oracle
    # The canonical compact form of the value we built.
    assert json.dumps(got, separators=(",", ":"), ensure_ascii=False) == expected_compact
    # dumps is byte-identical to the standard library's.
    assert bj.dumps(got) == json.dumps(oracle)


@pytest.mark.parametrize("name,kind,offset", INVALID, ids=[v[0] for v in INVALID])
def test_invalid(name, kind, offset):
    raw = (VECTORS / "invalid" / f"{name}.json").read_bytes()
    # The core (the native function, no standard-library fallback) rejects
    # every vector with the manifest's kind and byte offset.
    with pytest.raises(bj.JSONDecodeError) as info:
        _brownfield.loads(raw)
    err = info.value
    assert isinstance(err, json.JSONDecodeError) and isinstance(err, ValueError)
    assert (err.kind, err.byte_offset) == (kind, offset)
    # pos/lineno/colno are consistent with the decoded document, as in json.
    assert err.pos == len(raw[:offset].decode("utf-8", "replace"))
    assert err.lineno == err.doc.count("\n", 0, err.pos) + 1
    assert err.colno == err.pos - err.doc.rfind("\n", 0, err.pos)

    # brownfield.json.loads behaves exactly like json.loads: json's value
    # where json accepts more than RFC 8259 (NaN, lone surrogates, a BOM,
    # UTF-16), else json's exception, message and position.
    assert json_outcome(bj.loads, raw) == json_outcome(json.loads, raw)
    try:
        json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as std:
        with pytest.raises(bj.JSONDecodeError) as info:
            bj.loads(raw)
        # ... still carrying the core's kind and offset.
        assert (info.value.kind, info.value.byte_offset) == (kind, offset)
        assert type(std) is not UnicodeDecodeError or isinstance(info.value, UnicodeDecodeError)
    except RecursionError:
        pass

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    with pytest.raises(bj.JSONDecodeError) as info:
        _brownfield.loads(text)
    err = info.value
    assert (err.kind, err.byte_offset) == (kind, offset)
    assert err.doc is text
    assert err.pos == len(raw[:offset].decode("utf-8"))
    assert json_outcome(bj.loads, text) == json_outcome(json.loads, text)


def _table(file):
    """The tab-separated fields of every non-comment line of a vectors file."""
    lines = (VECTORS / file).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


# options.tsv: name, input, option spec, expected file or "error:KIND".
# Python expresses every option set (json.dumps's keywords), so every line runs.
OPTIONS = _table("options.tsv")
# errors.tsv: name, error kind, byte offset, line, column, core message.
ERRORS = _table("errors.tsv")

_SEPARATORS = {"compact": (",", ":"), "spaced": (", ", ": "), "pretty": (",", ": ")}
_FLAGS = {"true": True, "false": False}


def dumps_kwargs(spec):
    """The ``json.dumps`` keywords of an options.tsv spec, e.g. ``indent=2
    separators=pretty sort_keys=false ensure_ascii=true allow_nan=false``."""
    kw = {}
    for item in spec.split(" "):
        key, value = item.split("=", 1)
        if key == "indent":
            kw[key] = None if value == "none" else json.loads(value)  # int or str
        elif key == "separators":
            kw[key] = _SEPARATORS[value]
        elif key in ("sort_keys", "ensure_ascii", "allow_nan"):
            kw[key] = _FLAGS[value]
        else:
            raise ValueError(f"unknown option {key!r} in {spec!r}")
    return kw


def test_vectors_are_what_their_generator_writes():
    # The committed files are exactly generate.py's output (no hand edits,
    # no stale vectors); --check writes nothing.
    check = subprocess.run(
        [sys.executable, str(VECTORS / "generate.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_option_and_error_vectors_are_complete():
    assert len(OPTIONS) >= 150 and all(len(f) == 4 for f in OPTIONS)
    assert len(ERRORS) >= 30 and all(len(f) == 6 for f in ERRORS)


@pytest.mark.parametrize("name,input_path,spec,expected", OPTIONS, ids=[f[0] for f in OPTIONS])
def test_option(name, input_path, spec, expected):
    raw = (VECTORS / input_path).read_bytes()
    kw = dumps_kwargs(spec)
    ours, oracle = bj.loads(raw), json.loads(raw)
    if expected.startswith("error:"):
        # A non-finite float without allow_nan: json's ValueError and message.
        assert expected == "error:unserializable"
        want = json_outcome(json.dumps, oracle, **kw)
        assert want[:2] == ("error", "ValueError")
        assert json_outcome(bj.dumps, ours, **kw) == want
        assert json_outcome(bj.dumps, oracle, **kw) == want
        return
    want = (VECTORS / expected).read_text(encoding="utf-8")
    # The vector agrees with the CPython running this test...
    assert json.dumps(oracle, **kw) == want
    # ... and brownfield writes exactly that, for its own values and json's.
    assert bj.dumps(ours, **kw) == want
    assert bj.dumps(oracle, **kw) == want
    assert bj.dumpb(ours, **kw) == want.encode("utf-8")
    assert bj.JSONEncoder(**kw).encode(ours) == want
    out = io.StringIO()
    bj.dump(ours, out, **kw)
    assert out.getvalue() == want


@pytest.mark.parametrize(
    "name,kind,offset,line,column,message", ERRORS, ids=[f[0] for f in ERRORS]
)
def test_error(name, kind, offset, line, column, message):
    raw = (VECTORS / "errors" / f"{name}.json").read_bytes()
    want = (kind, int(offset), message, int(line), int(column))
    # The core (the native function): its kind, byte offset and message;
    # lineno and colno (characters) are the vector's line and column.
    with pytest.raises(bj.JSONDecodeError) as info:
        _brownfield.loads(raw)
    err = info.value
    assert (err.kind, err.byte_offset, err.msg, err.lineno, err.colno) == want
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        with pytest.raises(bj.JSONDecodeError) as info:
            _brownfield.loads(text)
        err = info.value
        assert (err.kind, err.byte_offset, err.msg, err.lineno, err.colno) == want
        assert err.pos == len(raw[: int(offset)].decode("utf-8"))

    # The drop-in: json's exception, message, pos, lineno and colno for the
    # same input (computed now, by the running CPython), or json's value
    # where json is more lenient; the core's kind and offset ride along.
    for doc in (raw, text) if text is not None else (raw,):
        assert json_outcome(bj.loads, doc) == json_outcome(json.loads, doc)
        try:
            json.loads(doc)
        except json.JSONDecodeError:
            with pytest.raises(bj.JSONDecodeError) as info:
                bj.loads(doc)
            assert (info.value.kind, info.value.byte_offset) == (kind, int(offset))
        except (UnicodeDecodeError, RecursionError):
            pass  # not a JSONDecodeError: compared through json_outcome above

"""The shared JSON test vectors (tests/vectors/json), as every binding runs them."""

import json

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

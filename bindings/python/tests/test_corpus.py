"""Every document of the JSON corpus: same values as json.loads, and dumps
byte-identical to json.dumps."""

import json

import pytest

import brownfield.json as bj
from conftest import corpus_files

FILES = corpus_files()


def test_corpus_present():
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_round_trip(path):
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    oracle = json.loads(text)

    got = bj.loads(raw)
    assert got == oracle
    out = bj.dumps(got)
    assert out == json.dumps(oracle)
    assert bj.loads(out) == oracle


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_input_types(path):
    raw = path.read_bytes()
    oracle = json.loads(raw)
    for s in (raw.decode("utf-8"), raw, bytearray(raw), memoryview(raw)):
        assert bj.loads(s) == oracle, type(s).__name__

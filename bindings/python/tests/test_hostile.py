"""Hostile input: every case raises the typed error, none crashes the process."""

import json
import random

import pytest

import brownfield.json as bj
from conftest import corpus_files

DEPTH = 100_000


def decode_error(s):
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads(s)
    return info.value


def test_truncated_at_every_byte():
    doc = (
        '{"a": [1, -2.5e-10, 123456789012345678901234567890, "x\\u00e9\\ud83d\\ude00\\n",'
        ' true, false, null, {"b": {}}, [], "é😀"], "c": {"d": [0.5, {"e": "f"}]}}'
    ).encode("utf-8")
    assert bj.loads(doc) == json.loads(doc)
    for n in range(len(doc)):
        err = decode_error(doc[:n])
        assert 0 <= err.byte_offset <= n, n


def test_truncated_corpus_document():
    raw = corpus_files()[0].read_bytes()
    rng = random.Random(1)
    for n in sorted(rng.sample(range(len(raw) - 1), 300)):
        decode_error(raw[:n])


@pytest.mark.parametrize(
    "text",
    [
        "[" * DEPTH,
        "[" * DEPTH + "]" * DEPTH,
        '{"a":' * DEPTH + "1" + "}" * DEPTH,
        '[{"a":' * (DEPTH // 2),
        '[{"a":' * (DEPTH // 2) + "null" + "}]" * (DEPTH // 2),
    ],
    ids=["open-arrays", "arrays", "objects", "open-mixed", "mixed"],
)
def test_deep_nesting_loads(text):
    err = decode_error(text)
    assert err.kind == "nesting_too_deep"
    assert decode_error(text.encode()).kind == "nesting_too_deep"


def test_nesting_limit_is_1024():
    ok = "[" * 1024 + "]" * 1024
    assert bj.dumps(bj.loads(ok)) == ok
    err = decode_error("[" * 1025 + "]" * 1025)
    assert (err.kind, err.byte_offset) == ("nesting_too_deep", 1024)


def test_deep_nesting_dumps():
    for make in (lambda x: [x], lambda x: {"k": x}, lambda x: (x,)):
        obj = None
        for _ in range(DEPTH):
            obj = make(obj)
        with pytest.raises(ValueError) as info:
            bj.dumps(obj)
        assert "Circular" not in str(info.value)


@pytest.mark.parametrize(
    "raw,offset",
    [
        (b'"\xff"', 1),
        (b'["\xc3"]', 2),
        (b'"\xc0\xaf"', 1),  # overlong
        (b'"\xed\xa0\x80"', 1),  # an encoded surrogate
        (b'"\xf4\x90\x80\x80"', 1),  # beyond U+10FFFF
        (b'{"\xfe": 1}', 2),
        (b'"ok" \xff', 5),
        (b"\xef\xbb\xbf[1]", 0),  # BOM: not JSON text
    ],
)
def test_invalid_utf8(raw, offset):
    err = decode_error(raw)
    assert err.byte_offset == offset
    if offset:
        assert err.kind == "invalid_utf8" or err.kind == "trailing_characters"


@pytest.mark.parametrize(
    "raw,kind",
    [
        (b"\x00", "expected_value"),
        (b"[1,\x00]", "expected_value"),
        (b'"a\x00b"', "control_character_in_string"),
        (b"[1]\x00", "trailing_characters"),
        (b'{"a\x00": 1}', "control_character_in_string"),
    ],
)
def test_nul_bytes(raw, kind):
    assert decode_error(raw).kind == kind
    assert decode_error(raw.decode()).kind == kind


@pytest.mark.parametrize("text", ['"\ud800"', '["a", "\udfff"]', '{"\udbff": 1}', "[\ud800]"])
def test_lone_surrogate_str_loads(text):
    err = decode_error(text)
    assert err.doc is text
    assert text[err.pos] in "\ud800\udfff\udbff"


@pytest.mark.parametrize("obj", ["\ud800", ["ok", "\udc00"], {"\ud800": 1}, {"k": "a\udfffb"}])
def test_lone_surrogate_str_dumps(obj):
    # The standard library writes "\ud800"; a surrogate has no UTF-8 form,
    # so brownfield refuses it with UnicodeEncodeError (a ValueError).
    with pytest.raises(UnicodeEncodeError):
        bj.dumps(obj)


def test_random_mutations_never_crash():
    raw = bytearray(b'{"a": [1, 2.5e3, "x\\u00e9", true, null, {"b": -0}], "c": "\xc3\xa9"}')
    rng = random.Random(7)
    alphabet = b'{}[]:,"\\ntrufalse0123456789.eE+-u \x00\xff\xc3'
    for _ in range(5000):
        m = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            op = rng.random()
            i = rng.randrange(len(m))
            if op < 0.4:
                m[i] = rng.choice(alphabet)
            elif op < 0.7:
                del m[i]
            else:
                m.insert(i, rng.choice(alphabet))
        data = bytes(m)
        try:
            got = bj.loads(data)
        except bj.JSONDecodeError as e:
            assert 0 <= e.byte_offset <= len(data)
            continue
        # Accepted: the standard library agrees on the value.
        assert got == json.loads(data), data


def test_random_bytes_never_crash():
    rng = random.Random(11)
    for _ in range(3000):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
        try:
            bj.loads(data)
        except bj.JSONDecodeError:
            pass

"""Hostile input: every case raises the typed error, none crashes the process."""

import json
import random

import pytest

import brownfield.json as bj
from conftest import corpus_files, json_outcome

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
    # json raises RecursionError: so does brownfield (DecodeNestingError).
    assert isinstance(err, RecursionError) and isinstance(err, bj.DecodeNestingError)
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
        # A RecursionError, as json raises, and a ValueError.
        with pytest.raises(RecursionError) as info:
            bj.dumps(obj)
        assert isinstance(info.value, ValueError) and isinstance(info.value, bj.NestingError)
        assert "Circular" not in str(info.value)


@pytest.mark.parametrize(
    "raw,offset",
    [
        (b'"\xff"', 1),
        (b'["\xc3"]', 2),
        (b'"\xc0\xaf"', 1),  # overlong
        (b'"\xf4\x90\x80\x80"', 1),  # beyond U+10FFFF
        (b'{"\xfe": 1}', 2),
        (b'"ok" \xff', 5),
    ],
)
def test_invalid_utf8(raw, offset):
    err = decode_error(raw)
    assert (err.kind, err.byte_offset) == ("invalid_utf8", offset)
    # Also the UnicodeDecodeError json.loads raises, message and all.
    assert isinstance(err, UnicodeDecodeError)
    with pytest.raises(UnicodeDecodeError) as std:
        json.loads(raw)
    assert str(err) == str(std.value)
    assert (err.start, err.end, err.reason) == (std.value.start, std.value.end, std.value.reason)


def test_encoded_surrogate_like_json():
    # json decodes bytes with surrogatepass, so it accepts this; the core
    # does not (the shared vector utf8_surrogate_encoded).
    raw = b'"\xed\xa0\x80"'
    assert bj.loads(raw) == json.loads(raw) == "\ud800"


def test_utf8_bom_in_bytes_is_skipped_like_json():
    raw = b"\xef\xbb\xbf[1]"
    assert bj.loads(raw) == json.loads(raw) == [1]
    # In a str, json refuses it with its own message.
    assert json_outcome(bj.loads, raw.decode("utf-8")) == json_outcome(
        json.loads, raw.decode("utf-8")
    )


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
    # Lone surrogates inside a str argument: json keeps them in strings.
    assert json_outcome(bj.loads, text) == json_outcome(json.loads, text)
    if text == "[\ud800]":
        err = decode_error(text)
        assert err.doc is text and err.pos == 1


@pytest.mark.parametrize("obj", ["\ud800", ["ok", "\udc00"], {"\ud800": 1}, {"k": "a\udfffb"}])
@pytest.mark.parametrize("kw", [{}, {"ensure_ascii": False}, {"indent": 2, "sort_keys": True}])
def test_lone_surrogate_str_dumps(obj, kw):
    # A surrogate has no UTF-8 form; json's encoder writes it.
    assert bj.dumps(obj, **kw) == json.dumps(obj, **kw)


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
        # Same value, or same error (type, message, position) as json.
        assert json_outcome(bj.loads, data) == json_outcome(json.loads, data), data
        try:
            bj.loads(data)
        except bj.JSONDecodeError as e:
            assert 0 <= e.byte_offset <= len(data)
        except UnicodeDecodeError:
            pass  # UTF-16/32 detected by json, not valid in it either


def test_random_bytes_never_crash():
    rng = random.Random(11)
    for _ in range(3000):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
        assert json_outcome(bj.loads, data) == json_outcome(json.loads, data), data


@pytest.mark.parametrize(
    "line,kind",
    [
        ("[" * DEPTH, "nesting_too_deep"),
        ('{"a":' * DEPTH + "1" + "}" * DEPTH, "nesting_too_deep"),
        ('{"a": "\x00"}', "control_character_in_string"),
        ("\x00", "expected_value"),
        ('{"a": 1', "unexpected_eof"),
    ],
)
@pytest.mark.parametrize("pad", [0, 60000])
def test_loads_lines_hostile(line, kind, pad):
    # pad: enough lines before it (> 1 MiB) for worker threads to parse
    # the input in batches while the values are built.
    head = '{"ok": 1}\n' * pad
    data = head + '{"ok": 1}\n' + line + '\n{"ok": 2}\n' * (pad + 1)
    assert (len(data.encode()) > 1 << 20) == bool(pad)
    for d in (data, data.encode()):
        with pytest.raises(bj.JSONDecodeError) as info:
            bj.loads_lines(d)
        assert (info.value.kind, info.value.lineno) == (kind, pad + 2)


@pytest.mark.parametrize("pad", [0, 120000])
def test_loads_lines_invalid_utf8(pad):
    head = b'{"ok": 1}\n' * pad
    data = head + b'{"ok": 1}\n"\xff"\n' + b"[1]\n" * pad
    assert (len(data) > 1 << 20) == bool(pad)
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads_lines(data)
    err = info.value
    assert (err.kind, err.lineno, err.byte_offset) == ("invalid_utf8", pad + 2, len(head) + 11)


def test_logs_query_hostile_lines():
    import brownfield.logs as logs

    hostile = [
        b"[" * DEPTH,
        b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
        b'{"s": "\xff\xfe"}',
        b'{"s": 1, "\x00": 2}',
        b"\x00\x00\x00",
        b'{"s": ' + b"9" * 5000 + b"}",
    ]
    data = b'{"s": 1}\n' + b"\n".join(hostile) + b'\n{"s": 1}\n'
    got = logs.query(data, by="s", skip_bad_lines=True)
    assert got.lines_read == len(hostile) + 2
    assert got.lines_read == got.lines_matched + got.lines_skipped
    assert sum(r["count"] for r in got) == got.lines_matched
    with pytest.raises(logs.BadRecordError) as info:
        logs.query(data, by="s")
    assert info.value.line >= 2


def test_default_chains_are_bounded():
    class Link:
        def __init__(self, n):
            self.n = n

    def default(o):
        return Link(o.n + 1)  # never ends: a new object each time

    with pytest.raises(RecursionError):
        bj.dumps(Link(0), default=default)
    with pytest.raises(RecursionError):
        bj.dumps(Link(0), default=default, check_circular=False)

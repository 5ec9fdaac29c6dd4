"""brownfield.json.loads: accepted inputs, value types, errors."""

import json
import pickle
import threading

import pytest

import brownfield
import brownfield.json as bj


def test_version():
    assert isinstance(brownfield.__version__, str) and brownfield.__version__


@pytest.mark.parametrize(
    "text",
    [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "-1",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "-123456789012345678901234567890",
        "1.0",
        "-0.0",
        "1e2",
        "1E-2",
        "1e400",
        "-1e400",
        "5e-324",
        '""',
        '"\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/"',
        '"é😀"',
        "[]",
        "{}",
        '[1, [2, [3, {"a": {"b": [null]}}]]]',
        '{"a": 1, "b": [true, false], "c": {"d": "e"}}',
    ],
)
def test_values_equal_json(text):
    got = bj.loads(text)
    want = json.loads(text)
    assert got == want
    assert type(got) is type(want)
    assert repr(got) == repr(want)


def test_integral_float_stays_float():
    assert type(bj.loads("1.0")) is float
    assert type(bj.loads("1e2")) is float
    assert type(bj.loads("2")) is int


def test_big_int_exact():
    n = 2**200 + 12345
    assert bj.loads(str(n)) == n
    assert bj.loads(str(-n)) == -n


def test_int_digit_limit_matches_json():
    text = "1" * 5000  # beyond sys.get_int_max_str_digits()
    with pytest.raises(ValueError) as ours:
        bj.loads(text)
    with pytest.raises(ValueError) as theirs:
        json.loads(text)
    assert type(ours.value) is type(theirs.value)


def test_duplicate_keys_last_wins_first_position():
    text = '{"a": 1, "b": 2, "a": 3}'
    got = bj.loads(text)
    assert got == json.loads(text) == {"a": 3, "b": 2}
    assert list(got) == list(json.loads(text))


def test_repeated_and_long_keys():
    long_key = "k" * 500
    records = [{"id": i, "name": f"n{i}", long_key: i, "é": i} for i in range(2000)]
    text = json.dumps(records)
    got = bj.loads(text)
    assert got == records
    # Cached keys are shared and still usable as ordinary strings.
    assert got[0]["name"] == "n0" and got[-1][long_key] == 1999


# One string of each CPython kind (ASCII, Latin-1, UCS-2, UCS-4), raw and
# escaped, as values and as keys.
STRING_KINDS = ["plain", "caf\u00e9 \u00ff", "\u0100\u4e2d\u6587 \uffff", "\U0001f600 x \u00e9 \u4e2d", ""]


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_strings_of_every_kind_equal_json(ensure_ascii):
    doc = {s: [s, s * 3, {s: s}] for s in STRING_KINDS}
    text = json.dumps(doc, ensure_ascii=ensure_ascii)
    got = bj.loads(text)
    assert got == json.loads(text) == doc
    for key, value in got.items():
        want = json.loads(json.dumps(key))
        # Same characters, and the same (canonical) representation: equal
        # strings hash equal and compare equal to a str built by CPython.
        assert key == want and hash(key) == hash(want)
        assert value[0] == want and hash(value[0]) == hash(want)
        assert value[0].isascii() == want.isascii()
        assert value[0].encode("utf-8") == want.encode("utf-8")


@pytest.mark.parametrize("char", ["\u00e9", "\u4e2d", "\U0001f600"])
def test_one_wide_character_at_every_offset(char):
    # A str is built from UTF-8 by widening 16-byte ASCII blocks and
    # decoding the rest character by character, its length and kind found
    # per 64-byte block: a character of each width at every offset of
    # strings up to 140 characters, parsed and written (ensure_ascii=False
    # builds the output str the same way), equals what json gives.
    strings = ["a" * at + char + "b" * (n - at) for n in range(0, 140, 7) for at in range(0, n + 1, 3)]
    text = json.dumps(strings, ensure_ascii=False)
    got = bj.loads(text)
    assert got == strings
    assert all(g.encode("utf-8") == s.encode("utf-8") for g, s in zip(got, strings))
    assert bj.loads(text.encode()) == strings
    assert bj.dumps(strings, ensure_ascii=False) == text
    assert bj.dumps({s: s for s in strings}, ensure_ascii=False) == json.dumps(
        {s: s for s in strings}, ensure_ascii=False
    )


def test_loads_inside_loads_from_a_finalizer():
    # Building a large document's objects runs the garbage collector, which
    # may run a finalizer that calls loads again while the outer call's
    # parser buffers are in use: the inner call gets its own.
    import gc

    seen = []

    class Cycle:
        def __del__(self):
            seen.append(bj.loads('{"inner": [1, [2, "\\u00e9"]]}'))

    text = json.dumps([[i, {"k": [i]}] for i in range(20000)])
    gc.collect()
    for _ in range(50):
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
        del a, b
    got = bj.loads(text)
    # The finalizers ran inside the call (its allocations triggered the
    # collection), not after it.
    assert len(seen) == 100
    assert got == json.loads(text)
    assert all(v == {"inner": [1, [2, "\u00e9"]]} for v in seen)


def test_ascii_strings_of_every_length():
    words = ["".join(chr(97 + (i * 7 + n) % 26) for i in range(n)) for n in range(70)]
    doc = {w: [w, w.upper()] for w in words}
    text = json.dumps(doc)
    assert bj.loads(text) == json.loads(text) == doc
    assert bj.loads(text.encode()) == doc


def test_repeated_keys_share_one_object_in_a_document():
    text = json.dumps([{"a_key": 1, "b_\u00e9": 2, "\U0001f600": 3}] * 3)
    first, second, third = bj.loads(text)
    for k1, k2, k3 in zip(first, second, third):
        assert k1 is k2 is k3


def test_floats_equal_python_float():
    # Random digits around the 15-19 significant digit boundary, where the
    # float conversion leaves its fast paths, equal float(text).
    import random

    rng = random.Random(1234)
    texts = []
    for _ in range(5000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 22)))
        int_part = digits[: rng.randint(1, len(digits))].lstrip("0") or "0"
        frac = digits[len(int_part):] or "0"
        texts.append(f"{rng.choice(['', '-'])}{int_part}.{frac}e{rng.randint(-330, 310)}")
        texts.append(f"{int_part}.{frac}")
    got = bj.loads("[" + ",".join(texts) + "]")
    assert got == [float(t) for t in texts]


def test_error_after_many_values_releases_them():
    import sys

    # The key cache hands out the same str for a key: if objects built
    # before an error leaked, this key's reference count would grow.
    key = next(iter(bj.loads('{"zz_probe": 1}')))
    body = ",".join(['{"zz_probe": [1, "x", 2.5, {"zz_probe": null}]}'] * 500)
    before = sys.getrefcount(key)
    for text in ("[" + body + ", nope]", "[" + body, "[" + body + "] x"):
        for _ in range(5):
            with pytest.raises(bj.JSONDecodeError) as err:
                bj.loads(text)
        with pytest.raises(json.JSONDecodeError) as want:
            json.loads(text)
        assert (err.value.msg, err.value.pos) == (want.value.msg, want.value.pos)
    assert sys.getrefcount(key) == before


@pytest.mark.parametrize("wrap", [str, bytes, bytearray, memoryview])
def test_input_types(wrap):
    text = '{"x": [1, "é"]}'
    s = text if wrap is str else wrap(text.encode("utf-8"))
    assert bj.loads(s) == {"x": [1, "é"]}


def test_subclass_inputs():
    class S(str):
        pass

    class B(bytes):
        pass

    assert bj.loads(S("[1]")) == [1]
    assert bj.loads(B(b"[1]")) == [1]


def test_keyword_argument():
    assert bj.loads(s="[1]") == [1]


@pytest.mark.parametrize("bad", [None, 1, 1.5, [], {}, object()])
def test_wrong_type(bad):
    with pytest.raises(TypeError, match="must be str, bytes"):
        bj.loads(bad)


def test_error_attributes():
    text = '{\n  "a": [1, 2,\n  ]\n}'
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads(text)
    e = info.value
    assert isinstance(e, json.JSONDecodeError) and isinstance(e, ValueError)
    assert e.kind == "expected_value"
    assert e.byte_offset == text.index("]")
    assert e.pos == text.index("]")
    assert (e.lineno, e.colno) == (3, 3)
    assert e.doc is text
    assert str(e) == f"{e.msg}: line 3 column 3 (char {e.pos})"


def test_error_pos_counts_characters():
    text = '["é😀", x]'
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads(text)
    e = info.value
    assert e.pos == text.index("x")
    assert e.byte_offset == text.encode("utf-8").index(b"x")
    assert e.colno == e.pos + 1


def test_bytes_error_doc_is_str():
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads(b'["\xff"]')
    e = info.value
    assert e.kind == "invalid_utf8"
    assert e.doc == '["\ufffd"]'
    assert (e.pos, e.byte_offset) == (2, 2)


def test_error_pickles():
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads("[1,")
    e = pickle.loads(pickle.dumps(info.value))
    assert type(e) is bj.JSONDecodeError
    assert (e.msg, e.doc, e.pos, e.kind, e.byte_offset) == (
        info.value.msg,
        "[1,",
        3,
        "unexpected_eof",
        3,
    )


def test_error_constructible_like_json():
    e = bj.JSONDecodeError("Expecting value", "[é, x", 4)
    assert (e.lineno, e.colno, e.kind, e.byte_offset) == (1, 5, None, 5)


def test_beyond_rfc_like_json():
    # Accepted by the standard library, rejected by the RFC 8259 core: the
    # standard decoder handles that one input, so the value is json's.
    from brownfield import _brownfield

    for text, kind in [
        ("NaN", "expected_value"),
        ("[Infinity, -Infinity]", "expected_value"),
        ('"\\ud800"', "invalid_unicode_escape"),
        ('["\\udc00x"]', "invalid_unicode_escape"),
    ]:
        assert repr(bj.loads(text)) == repr(json.loads(text)), text
        assert repr(bj.loads(text.encode())) == repr(json.loads(text.encode())), text
        with pytest.raises(bj.JSONDecodeError) as info:
            _brownfield.loads(text)
        assert info.value.kind == kind, text


def test_large_input_in_threads():
    # Inputs above 64 KiB are parsed with the GIL released.
    doc = [{"i": i, "s": "x" * 50, "f": i / 7} for i in range(5000)]
    text = json.dumps(doc)
    assert len(text) > 64 * 1024
    results = []

    def work():
        for _ in range(5):
            results.append(bj.loads(text) == doc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 20


def test_large_parse_releases_the_gil():
    # While the core parses a large input, another Python thread runs.
    import time

    text = json.dumps([[i, "x" * 40, i / 3] for i in range(150_000)])
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0)  # lets the loads thread take the GIL back

    t = threading.Thread(target=ticker)
    t.start()
    try:
        best = 0
        for _ in range(5):
            start = time.perf_counter()
            bj.loads(text)
            end = time.perf_counter()
            best = max(best, sum(start < x < end for x in ticks))
    finally:
        done.set()
        t.join()
    assert best >= 10

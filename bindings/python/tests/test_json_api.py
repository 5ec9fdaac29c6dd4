"""brownfield.json as a drop-in for the json module: every keyword of
loads/dumps/load/dump, JSONEncoder/JSONDecoder (and subclasses via cls=),
every decode error message, the extended types, dumpb, patch()."""

import collections
import dataclasses
import datetime
import decimal
import enum
import io
import json
import math
import uuid

import pytest

import brownfield.json as bj
from conftest import corpus_files, json_outcome

VALUES = [
    None,
    [],
    {},
    [[]],
    [{}],
    {"a": []},
    {"b": 1, "a": [1, 2.5, {"c": None, "d": True}], "é": "ü😀", "": ""},
    [1, [2, [3, [4, {}]]], "x"],
    {"z": {"y": {"x": [1e100, -0.0, 2**70]}}, "k": "\x00\x1f\x7f"},
    (1, 2, (3,)),
    {1: "int", 2.5: "float", True: "t", None: "n", "s": "str"},
    float("nan"),
    [float("inf"), float("-inf")],
    "\u2028\u2029</script>",
]

OPTIONS = [
    {},
    {"indent": 0},
    {"indent": 2},
    {"indent": "\t"},
    {"indent": "--"},
    {"indent": -1},
    {"sort_keys": True},
    {"indent": 4, "sort_keys": True},
    {"separators": (",", ":")},
    {"separators": (" , ", " : "), "indent": 1},
    {"ensure_ascii": False},
    {"ensure_ascii": False, "indent": 2, "sort_keys": True},
    {"check_circular": False},
    {"skipkeys": True},
]


@pytest.mark.parametrize("kw", OPTIONS, ids=[repr(k) for k in OPTIONS])
@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_dumps_options_like_json(value, kw):
    if kw.get("sort_keys") and isinstance(value, dict) and 1 in value:
        # Mixed key types do not sort: the same TypeError as json.
        assert json_outcome(bj.dumps, value, **kw) == json_outcome(json.dumps, value, **kw)
        return
    assert bj.dumps(value, **kw) == json.dumps(value, **kw)
    assert bj.dumpb(value, **kw) == json.dumps(value, **kw).encode("utf-8")
    # The same through an encoder object.
    assert bj.JSONEncoder(**kw).encode(value) == json.JSONEncoder(**kw).encode(value)
    assert "".join(bj.JSONEncoder(**kw).iterencode(value)) == json.dumps(value, **kw)


@pytest.mark.parametrize("indent", [None, 2])
def test_allow_nan_false(indent):
    for value in [float("nan"), [float("inf")], {"k": -math.inf}, {math.nan: 1}, {math.inf: 1}]:
        got = json_outcome(bj.dumps, value, allow_nan=False, indent=indent)
        assert got == json_outcome(json.dumps, value, allow_nan=False, indent=indent)
        assert got[0] == "error" and got[1] == "ValueError"
    assert bj.dumps([1.5], allow_nan=False) == "[1.5]"


@pytest.mark.parametrize("indent", [None, 2])
def test_key_errors_and_skipkeys(indent):
    for key in [(1, 2), b"x", datetime.date(2020, 1, 2), frozenset()]:
        value = {"a": 1, key: 2, "b": 3}
        got = json_outcome(bj.dumps, value, indent=indent)
        assert got == json_outcome(json.dumps, value, indent=indent)
        assert got[1] == "TypeError"
        assert bj.dumps(value, skipkeys=True, indent=indent) == json.dumps(
            value, skipkeys=True, indent=indent
        )


def test_default_is_called_and_results_written():
    def default(o):
        if isinstance(o, set):
            return sorted(o)
        if isinstance(o, complex):
            return {"re": o.real, "im": o.imag}
        raise TypeError(f"no {type(o).__name__}")

    value = {"s": {3, 1, 2}, "c": [1j, {"n": {5}}]}
    for kw in ({}, {"indent": 2}, {"sort_keys": True}):
        assert bj.dumps(value, default=default, **kw) == json.dumps(value, default=default, **kw)
    assert json_outcome(bj.dumps, object(), default=default) == json_outcome(
        json.dumps, object(), default=default
    )
    assert bj.dumps(object(), default=repr).startswith('"<object object')


def test_default_cycles():
    class Node:
        pass

    n = Node()
    assert json_outcome(bj.dumps, n, default=lambda o: [o]) == json_outcome(
        json.dumps, n, default=lambda o: [o]
    )
    with pytest.raises(ValueError, match="Circular reference detected"):
        bj.dumps(n, default=lambda o: {"again": o})
    with pytest.raises(RecursionError):
        bj.dumps(n, default=lambda o: [o], check_circular=False)


def test_circular_containers():
    a = []
    a.append(a)
    d = {}
    d["d"] = d
    for value in (a, d, [1, {"x": a}]):
        assert json_outcome(bj.dumps, value) == json_outcome(json.dumps, value)
        with pytest.raises(RecursionError):
            bj.dumps(value, check_circular=False)


def test_sort_keys_mixed_types_like_json():
    value = {"b": 1, 2: 3}
    assert json_outcome(bj.dumps, value, sort_keys=True) == json_outcome(
        json.dumps, value, sort_keys=True
    )


class PointEncoder(json.JSONEncoder):
    """A stdlib encoder subclass that only overrides default."""

    def default(self, o):
        if isinstance(o, complex):
            return [o.real, o.imag]
        return super().default(o)


class BfPointEncoder(bj.JSONEncoder):
    def default(self, o):
        if isinstance(o, complex):
            return [o.real, o.imag]
        return super().default(o)


class UpperEncoder(json.JSONEncoder):
    """Overrides encode: called as json calls it."""

    def encode(self, o):
        return super().encode(o).upper()


class ChunkEncoder(bj.JSONEncoder):
    """Overrides iterencode: encode goes through it, like json's."""

    def iterencode(self, o, _one_shot=False):
        yield "<"
        yield from super().iterencode(o, _one_shot)
        yield ">"


@pytest.mark.parametrize("kw", [{}, {"indent": 2, "sort_keys": True}])
def test_cls_encoders(kw):
    value = {"p": 1 + 2j, "l": [3j]}
    expected = json.dumps(value, cls=PointEncoder, **kw)
    assert bj.dumps(value, cls=PointEncoder, **kw) == expected
    assert bj.dumps(value, cls=BfPointEncoder, **kw) == expected
    assert bj.dumps({"a": "b"}, cls=UpperEncoder, **kw) == json.dumps(
        {"a": "b"}, cls=UpperEncoder, **kw
    )
    assert bj.dumps([1], cls=ChunkEncoder, **kw) == "<" + json.dumps([1], **kw) + ">"
    with pytest.raises(TypeError, match="Object of type complex is not JSON serializable"):
        bj.dumps(1j, cls=bj.JSONEncoder)
    with pytest.raises(TypeError):
        bj.dumps(1, cls=bj.JSONEncoder, no_such_option=True)


def test_dump_and_load_files():
    value = {"a": [1, 2.5, "é"], "b": None}
    for kw in ({}, {"indent": 2}, {"cls": ChunkEncoder}):
        out, ref = io.StringIO(), io.StringIO()
        bj.dump(value, out, **kw)
        json.dump(value, ref, **{k: v for k, v in kw.items() if k != "cls"})
        if "cls" in kw:
            assert out.getvalue() == "<" + ref.getvalue() + ">"
        else:
            assert out.getvalue() == ref.getvalue()
    assert bj.load(io.StringIO('{"x": [1]}')) == {"x": [1]}
    assert bj.load(io.BytesIO(b'{"x": [1]}'), object_pairs_hook=list) == [("x", [1])]


DOCS = [
    '{"a": 1, "b": [1, 2, {"c": 3.5}], "a": 2}',
    '[{"x": {"y": {}}}, [], {}]',
    '{"n": -0, "f": 1.10, "e": 1e400, "big": 123456789012345678901234567890}',
    '[NaN, Infinity, -Infinity]',
]


@pytest.mark.parametrize("doc", DOCS)
def test_loads_hooks_like_json(doc):
    hooks = [
        {"object_hook": lambda d: sorted(d.items())},
        {"object_pairs_hook": list},
        {"object_pairs_hook": collections.OrderedDict},
        {"object_hook": dict, "object_pairs_hook": tuple},
        {"parse_float": decimal.Decimal},
        {"parse_int": lambda s: ("int", s)},
        {"parse_constant": lambda s: f"const:{s}"},
        {"parse_float": str, "parse_int": str, "object_pairs_hook": list},
        {"strict": False},
    ]
    for kw in hooks:
        assert json_outcome(bj.loads, doc, **kw) == json_outcome(json.loads, doc, **kw), kw
        assert json_outcome(bj.loads, doc.encode(), **kw) == json_outcome(
            json.loads, doc.encode(), **kw
        ), kw


def test_strict_false_allows_control_characters():
    doc = '["a\tb\nc"]'
    assert json_outcome(bj.loads, doc) == json_outcome(json.loads, doc)
    assert bj.loads(doc, strict=False) == json.loads(doc, strict=False) == ["a\tb\nc"]
    assert bj.JSONDecoder(strict=False).decode(doc) == ["a\tb\nc"]


class TupleDecoder(json.JSONDecoder):
    def __init__(self, **kw):
        super().__init__(object_pairs_hook=tuple, **kw)


class BfDecoder(bj.JSONDecoder):
    def decode(self, s, _w=None):
        return ("decoded", super().decode(s))


def test_cls_decoders():
    doc = '{"a": [1, {"b": 2}]}'
    assert bj.loads(doc, cls=TupleDecoder) == json.loads(doc, cls=TupleDecoder)
    assert bj.loads(doc, cls=BfDecoder) == ("decoded", json.loads(doc))
    assert bj.loads(doc.encode("utf-16"), cls=BfDecoder) == ("decoded", json.loads(doc))
    assert bj.JSONDecoder().decode(doc) == json.loads(doc)
    assert bj.JSONDecoder().raw_decode('[1] tail') == ([1], 3)
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads("[1,]", cls=TupleDecoder)
    assert (info.value.msg, info.value.pos) == ("Expecting value", 3)
    with pytest.raises(TypeError):
        bj.loads("1", no_such_option=True)


# One document per message json.loads can give, plus positions that need
# care (multi-byte characters before the error, several lines).
ERRORS = [
    ("", "Expecting value"),
    ("   ", "Expecting value"),
    ("[1,]", "Expecting value"),
    ("[1 2]", "Expecting ',' delimiter"),
    ('{"a": 1 "b": 2}', "Expecting ',' delimiter"),
    ("{1: 2}", "Expecting property name enclosed in double quotes"),
    # (Python >= 3.13 says "Illegal trailing comma before end of ...".)
    ('{"a": 1,}', json_outcome(json.loads, '{"a": 1,}')[2]),
    ("[1,2,]", json_outcome(json.loads, "[1,2,]")[2]),
    ('{"a" 1}', "Expecting ':' delimiter"),
    ('"abc', "Unterminated string starting at"),
    ('["é😀\\x"]', "Invalid \\escape"),
    ('"\\u12"', "Invalid \\uXXXX escape"),
    ('"a\x01b"', "Invalid control character at"),
    ("[1] [2]", "Extra data"),
    ("\n\n  [1,\n   tru]", "Expecting value"),
    ("[01]", "Expecting ',' delimiter"),
    ("[-]", "Expecting value"),
    ("\ufeff[1]", "Unexpected UTF-8 BOM (decode using utf-8-sig)"),
    ('{"é": [1, 2 3]}', "Expecting ',' delimiter"),
]


@pytest.mark.parametrize("doc,message", ERRORS)
def test_decode_error_messages_like_json(doc, message):
    expected = json_outcome(json.loads, doc)
    assert expected[2] == message
    assert json_outcome(bj.loads, doc) == expected
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads(doc)
    err = info.value
    assert str(err) == str(pytest.raises(json.JSONDecodeError, json.loads, doc).value)
    assert err.doc == doc
    if not doc.startswith("\ufeff"):
        assert err.kind is not None and 0 <= err.byte_offset <= len(doc.encode())
    # Bytes input: the same message and positions.
    if not doc.startswith("\ufeff"):
        assert json_outcome(bj.loads, doc.encode()) == json_outcome(json.loads, doc.encode())


def test_loads_type_error_like_json():
    for bad in (1, None, [b"x"], object()):
        assert json_outcome(bj.loads, bad) == json_outcome(json.loads, bad)
    # memoryview: accepted by brownfield (an extension).
    assert bj.loads(memoryview(b"[1]")) == [1]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32", "utf-32-le", "utf-32-be"])
def test_bytes_encodings_like_json(encoding):
    doc = '{"k": ["é", 1, "😀"]}'.encode(encoding)
    assert bj.loads(doc) == json.loads(doc)


class Color(enum.Enum):
    RED = "red"
    BLUE = 2


@dataclasses.dataclass
class Point:
    x: int
    y: float
    tags: list = dataclasses.field(default_factory=list)


def test_extended_types():
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.timezone.utc)
    uid = uuid.UUID("12345678-1234-5678-1234-567812345678")
    value = {
        "dt": when,
        "naive": datetime.datetime(2024, 1, 2, 3, 4, 5),
        "d": datetime.date(2024, 1, 2),
        "t": datetime.time(1, 2, 3),
        "uuid": uid,
        "dec": decimal.Decimal("1.10"),
        "enum": [Color.RED, Color.BLUE],
        "point": Point(1, 2.5, [Color.RED]),
        when: "datetime key",
        uid: "uuid key",
        Color.BLUE: "enum key",
        decimal.Decimal("3.0"): "decimal key",
    }
    got = json.loads(bj.dumps(value, extended=True))
    assert got == {
        "dt": "2024-05-06T07:08:09.123456+00:00",
        "naive": "2024-01-02T03:04:05",
        "d": "2024-01-02",
        "t": "01:02:03",
        "uuid": "12345678-1234-5678-1234-567812345678",
        "dec": "1.10",
        "enum": ["red", 2],
        "point": {"x": 1, "y": 2.5, "tags": ["red"]},
        "2024-05-06T07:08:09.123456+00:00": "datetime key",
        "12345678-1234-5678-1234-567812345678": "uuid key",
        "2": "enum key",
        "3.0": "decimal key",
    }
    assert bj.dumpb(value, extended=True) == bj.dumps(value, extended=True).encode()
    assert bj.dumps(Point(1, 2), extended=True, indent=1) == json.dumps(
        {"x": 1, "y": 2, "tags": []}, indent=1
    )
    # Off by default: the same TypeError as json.
    for v in (when, uid, decimal.Decimal(1), Color.RED, Point(1, 2)):
        assert json_outcome(bj.dumps, v) == json_outcome(json.dumps, v)
    # default still applies to what extended does not cover.
    assert bj.dumps({1j}, extended=True, default=lambda o: "x") == '"x"'
    # The class itself is not an instance.
    with pytest.raises(TypeError):
        bj.dumps(Point, extended=True)
    assert bj.JSONEncoder(extended=True).encode([uid]) == '["' + str(uid) + '"]'


def test_dumpb_is_utf8_bytes():
    value = {"é": ["😀", 1.5, None]}
    assert bj.dumpb(value) == json.dumps(value).encode()
    assert bj.dumpb(value, ensure_ascii=False) == json.dumps(value, ensure_ascii=False).encode()
    assert bj.dumpb("\ud800") == b'"\\ud800"'
    assert bj.dumpb([1], cls=UpperEncoder) == b"[1]"


def test_patch_swaps_and_restores_exactly():
    originals = (json.loads, json.dumps, json.load, json.dump)
    bj.patch()
    try:
        assert (json.loads, json.dumps, json.load, json.dump) == (
            bj.loads,
            bj.dumps,
            bj.load,
            bj.dump,
        )
        assert bj.is_patched()
        bj.patch()  # idempotent
        # Code using the json module now runs brownfield, same behaviour.
        assert json.loads('{"a": [1]}') == {"a": [1]}
        assert json.dumps({"a": 1}, indent=2) == '{\n  "a": 1\n}'
        with pytest.raises(json.JSONDecodeError) as info:
            json.loads("[1,")
        assert isinstance(info.value, bj.JSONDecodeError)
        # The fallback does not recurse into the patched functions.
        assert math.isnan(json.loads("NaN"))
        assert json.dumps("\ud800") == '"\\ud800"'
    finally:
        bj.unpatch()
    assert (json.loads, json.dumps, json.load, json.dump) == originals
    assert not bj.is_patched()
    bj.unpatch()  # no-op
    assert (json.loads, json.dumps, json.load, json.dump) == originals


def test_patched_context_manager():
    originals = (json.loads, json.dumps, json.load, json.dump)
    with bj.patched():
        assert json.loads is bj.loads and json.dump is bj.dump
        with bj.patched():
            assert json.dumps is bj.dumps
        assert json.dumps is bj.dumps  # the outer block still patched
    assert (json.loads, json.dumps, json.load, json.dump) == originals
    with pytest.raises(ZeroDivisionError):
        with bj.patched():
            1 / 0
    assert (json.loads, json.dumps, json.load, json.dump) == originals


def test_module_surface_matches_json():
    for name in json.__all__:
        assert hasattr(bj, name), name
    assert issubclass(bj.JSONDecoder, json.JSONDecoder)
    assert issubclass(bj.JSONEncoder, json.JSONEncoder)
    assert bj.decoder is json.decoder and bj.encoder is json.encoder


def test_loads_lines_equals_json_on_corpus_ndjson():
    files = [f for f in corpus_files()]
    # Every corpus document, one per line: NDJSON.
    docs = [json.loads(f.read_bytes()) for f in files]
    data = "\n".join(json.dumps(d) for d in docs) + "\n"
    got = bj.loads_lines(data)
    assert got == docs
    assert bj.loads_lines(data.encode()) == docs
    assert bj.loads_lines(bytearray(data.encode())) == docs
    assert bj.loads_lines(memoryview(data.encode())) == docs


def test_loads_lines_blank_lines_crlf_and_errors():
    data = '{"a": 1}\r\n\n   \n[1, 2]\n"é"\n'
    assert bj.loads_lines(data) == [{"a": 1}, [1, 2], "é"]
    assert bj.loads_lines("") == []
    bad = '{"a": 1}\n[1, 2]\n{"é": tru}\n[3]\n'
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads_lines(bad)
    err = info.value
    assert (err.lineno, err.kind) == (3, "invalid_literal")
    assert err.doc == bad
    assert (bad[err.pos:err.pos + 4], err.colno) == ("tru}", 7)
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads_lines(bad.encode())
    assert info.value.lineno == 3
    assert err.msg == "Expecting value"  # json's message for the line
    with pytest.raises(TypeError):
        bj.loads_lines(12)


def test_loads_lines_beyond_rfc_like_json():
    lines = ['{"a": NaN}', "[Infinity]", '"\\ud800"', '{"b": 1}', "\ufeff[1]"]
    data = "\n".join(lines[:4]) + "\n"
    assert repr(bj.loads_lines(data)) == repr([json.loads(x) for x in lines[:4]])
    assert repr(bj.loads_lines(data.encode())) == repr([json.loads(x) for x in lines[:4]])
    # A str line starting with a BOM: json's error, anchored in the input.
    with pytest.raises(bj.JSONDecodeError) as info:
        bj.loads_lines(data + lines[4])
    err = info.value
    assert (err.msg, err.lineno, err.colno) == (
        "Unexpected UTF-8 BOM (decode using utf-8-sig)",
        5,
        1,
    )


@pytest.mark.parametrize("pad", [0, 30000])
def test_loads_lines_small_and_pipelined_inputs_agree(pad):
    # Below 1 MiB each line is parsed and built in one pass; from 1 MiB on,
    # worker threads parse batches of lines while the values are built:
    # the same values, and the same error at the same place.
    filler = '{"n": %d, "s": "%s", "f": [1.5, null, true, %d]}\n'
    head = "".join(filler % (i, "é" * (i % 7), -i) for i in range(pad))
    bad = head + '{"a": 1}\n[1, 2]\n{"é": tru}\n[3]\n'
    assert (len(bad.encode()) > 1 << 20) == bool(pad)
    for data in (bad, bad.encode()):
        with pytest.raises(bj.JSONDecodeError) as info:
            bj.loads_lines(data)
        err = info.value
        assert (err.lineno, err.kind, err.msg, err.colno) == (pad + 3, "invalid_literal", "Expecting value", 7)
        assert (bad[err.pos:err.pos + 4], err.doc) == ("tru}", bad)
    good = head + '"x"\n\n  \r\n[{"deep": [[[]]]}]\n{"\u00e9\\n": "\\u00e9\\"q"}\n["\\t", [[1]], "é"]'
    want = [json.loads(line) for line in good.splitlines() if line.strip()]
    assert bj.loads_lines(good) == want
    assert bj.loads_lines(good.encode()) == want


def test_loads_lines_lets_other_threads_run():
    # While the lines are parsed and built, another Python thread gets
    # turns, as it would beside Python code: the GIL changes hands about
    # once per two switch intervals. Held throughout, the other thread
    # could not run at all inside the call (at most a tick at either end).
    import threading
    import time

    data = "".join(json.dumps([i, "x" * 400, [i / 3] * 40]) + "\n" for i in range(40000))
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        best = 0
        for _ in range(3):
            start = time.perf_counter()
            got = bj.loads_lines(data)
            end = time.perf_counter()
            best = max(best, sum(start < x < end for x in ticks))
    finally:
        done.set()
        t.join()
    assert len(got) == 40000 and got[-1][0] == 39999
    # A call takes over 100 ms here: about ten turns at 5 ms intervals.
    assert best >= 4, best


def test_entry_points_are_native_with_stdlib_signatures():
    import inspect
    import pickle

    for ours, std in ((bj.loads, json.loads), (bj.dumps, json.dumps)):
        assert type(ours).__name__ == "builtin_function_or_method"
        assert ours.__module__ == "brownfield.json"
        assert pickle.loads(pickle.dumps(ours)) is ours
        params = inspect.signature(ours).parameters
        std_params = inspect.signature(std).parameters
        assert [p for p in std_params if p != "kw"] == [p for p in params if p != "kw"][
            : len(std_params) - 1
        ]
    assert list(inspect.signature(bj.dumpb).parameters) == list(
        inspect.signature(bj.dumps).parameters
    )


def test_argument_errors_name_the_entry_point():
    # A call the native fast path does not take (no argument, two, an
    # unknown keyword, the argument by keyword) behaves as json's.
    for ours, std, arg in ((bj.loads, json.loads, "s"), (bj.dumps, json.dumps, "obj"), (bj.dumpb, json.dumps, "obj")):
        name = ours.__name__
        with pytest.raises(TypeError, match=rf"^{name}\(\) missing 1 required positional argument: '{arg}'"):
            ours()
        with pytest.raises(TypeError, match=rf"^{name}\(\) takes 1 positional argument but 2 were given"):
            ours("1", "2")
        with pytest.raises(TypeError):
            std("1", "2")
    assert bj.loads(s="[1]") == json.loads(s="[1]") == [1]
    assert bj.dumps(obj=[1], indent=1) == json.dumps(obj=[1], indent=1)
    assert bj.dumpb(obj={"a": 1}) == b'{"a": 1}'
    with pytest.raises(TypeError, match="bogus"):
        bj.dumps([1], bogus=1)


def test_no_keyword_calls_fall_back_like_keyword_calls():
    # Input only the standard decoder accepts, and strs only its encoder writes.
    assert bj.loads("[NaN, -Infinity]")[1] == -math.inf
    assert bj.loads(b"\xef\xbb\xbf[1]") == [1]
    assert bj.dumps("\ud800x") == json.dumps("\ud800x")
    assert bj.dumpb(["\udfff"]) == json.dumps(["\udfff"]).encode()
    with pytest.raises(json.JSONDecodeError) as std:
        json.loads("[1,]")
    with pytest.raises(bj.JSONDecodeError) as e:
        bj.loads("[1,]")
    assert (e.value.msg, e.value.pos) == (std.value.msg, std.value.pos)
    assert e.value.kind is not None  # the core's verdict, kept by the fallback
    with pytest.raises(TypeError):
        bj.loads(1)
    with pytest.raises(TypeError):
        bj.dumps(object())

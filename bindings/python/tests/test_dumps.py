"""brownfield.json.dumps: byte-identical to json.dumps(obj)."""

import collections
import enum
import json
import math

import pytest

import brownfield.json as bj


class MyInt(int):
    def __repr__(self):
        return "MyInt!"

    __str__ = __repr__


class MyFloat(float):
    def __repr__(self):
        return "MyFloat!"


class MyStr(str):
    def __str__(self):
        return "MyStr!"


class Color(enum.IntEnum):
    RED = 1


class Name(str, enum.Enum):
    ALICE = "alice"


class ReversedItems(dict):
    def items(self):
        return list(reversed(list(super().items())))


class MyList(list):
    def __iter__(self):
        return iter([])


SAMPLES = [
    None,
    True,
    False,
    0,
    -1,
    2**63 - 1,
    -(2**63),
    2**63,
    2**64,
    -(2**64) - 1,
    10**100,
    0.0,
    -0.0,
    1.0,
    0.1,
    1e16,
    1e15,
    1e-5,
    1e-4,
    123.456,
    5e-324,
    1.7976931348623157e308,
    math.inf,
    -math.inf,
    math.nan,
    "",
    "abc",
    "é\u00ff\u0100\uffff😀",
    "\x00\x01\x1f\x7f\"\\/\b\f\n\r\t\u2028",
    [],
    (),
    {},
    [1, [2, (3, {"a": None})]],
    {"a": 1, "b": [1.5, "x"], "c": {"d": {}}},
    {1: "int", 1.5: "float", True: "bool", None: "none", "s": "str"},
    {False: 0, -5: 1, 2**70: 2, math.nan: 3, math.inf: 4, -math.inf: 5, 1e16: 6},
    MyInt(5),
    MyInt(2**80),
    MyFloat(2.5),
    MyStr("sub"),
    Color.RED,
    Name.ALICE,
    {Color.RED: 1, MyStr("k"): 2, MyFloat(0.5): 3, MyInt(7): 4},
    collections.OrderedDict([("z", 1), ("a", 2)]),
    collections.defaultdict(list, {"a": [1]}),
    ReversedItems({"a": 1, "b": 2}),
    MyList([1, 2, 3]),
    [1, 2, 3] * 100,
]


@pytest.mark.parametrize("obj", SAMPLES, ids=[repr(s)[:40] for s in SAMPLES])
def test_same_as_json(obj):
    assert bj.dumps(obj) == json.dumps(obj)


def test_keyword_argument():
    assert bj.dumps(obj=[1]) == "[1]"


@pytest.mark.parametrize("obj", [object(), {1, 2}, b"bytes", 1j, [1, {"a": {2}}], len])
def test_not_serializable(obj):
    with pytest.raises(TypeError) as ours:
        bj.dumps(obj)
    with pytest.raises(TypeError) as theirs:
        json.dumps(obj)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("key", [(1, 2), b"k", frozenset(), object()])
def test_bad_keys(key):
    with pytest.raises(TypeError) as ours:
        bj.dumps({key: 1})
    with pytest.raises(TypeError) as theirs:
        json.dumps({key: 1})
    assert str(ours.value) == str(theirs.value)


def test_circular_list():
    a = []
    a.append(a)
    with pytest.raises(ValueError, match="^Circular reference detected$"):
        bj.dumps(a)


def test_circular_dict():
    d = {"x": [{}]}
    d["x"][0]["back"] = d
    with pytest.raises(ValueError, match="^Circular reference detected$"):
        bj.dumps(d)


def test_repeated_non_circular_is_fine():
    shared = [1, 2]
    obj = {"a": shared, "b": shared, "c": [shared, shared]}
    assert bj.dumps(obj) == json.dumps(obj)


def test_items_must_be_pairs():
    class Bad(dict):
        def items(self):
            return [(1, 2, 3)]

    with pytest.raises(ValueError, match="items must return 2-tuples"):
        bj.dumps(Bad(a=1))


def test_int_digit_limit():
    n = 10**5000
    with pytest.raises(ValueError):
        bj.dumps(n)
    with pytest.raises(ValueError):
        json.dumps(n)


def test_mutation_during_dumps_does_not_crash():
    outer = {}

    class Evil(dict):
        def items(self):
            outer.clear()  # frees nothing we still use
            return [("k", "v")]

    outer["a"] = Evil()
    outer["b"] = [1, 2, 3]
    out = bj.dumps(outer)
    assert out.startswith('{"a": {"k": "v"}')


# One string of each PEP 393 kind (ASCII, Latin-1, UCS-2, UCS-4), with
# characters to escape, and strings with lone surrogates (which have no
# UTF-8 form).
KIND_STRINGS = [
    "plain ascii \"q\" \\ \n\x00\x1f\x7f",
    "latin-1 é ÿ \xa0 \x80 \"",
    "ucs-2 \u20ac \u3000 \ufeff \uffff \u0100 \t",
    "ucs-4 \U0001f600 \U0010ffff \U00010000 é \u20ac \"",
    "\ud800",
    "lone \udfff low",
    "pair-halves \ud83d \ude00 reversed \ude00\ud83d",
    "ucs-4 with lone \U0001f600\udbff",
]


@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("text", KIND_STRINGS, ids=range(len(KIND_STRINGS)))
def test_str_kinds_as_values_and_keys(text, ensure_ascii):
    for obj in (text, [text, text], {text: text}, {"k": [text], text: {text: 1}}):
        assert bj.dumps(obj, ensure_ascii=ensure_ascii) == json.dumps(
            obj, ensure_ascii=ensure_ascii
        )
        expected = json.dumps(obj, ensure_ascii=ensure_ascii)
        try:
            expected = expected.encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates written as themselves have no UTF-8 form.
            with pytest.raises(UnicodeEncodeError):
                bj.dumpb(obj, ensure_ascii=ensure_ascii)
        else:
            assert bj.dumpb(obj, ensure_ascii=ensure_ascii) == expected
    obj = {text: [text]}
    assert bj.dumps(obj) == json.dumps(obj)  # the no-keyword call


@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize(
    "layout",
    [
        {"separators": (",", "→")},
        {"separators": ("\u3000,", ":")},
        {"separators": ("\U0001f600", "é")},
        {"indent": "\u3000"},
        {"indent": "é", "separators": (",", ": ")},
        {"indent": "\U0001f600\t", "sort_keys": True},
        {"indent": 2, "separators": (" ,", "\u2192 ")},
    ],
    ids=repr,
)
def test_non_ascii_separators_and_indent(layout, ensure_ascii):
    obj = {"b": [1, "ü", {"c": "\U0001f600"}], "a": {}, "é": [[], 2.5]}
    expected = json.dumps(obj, ensure_ascii=ensure_ascii, **layout)
    text = bj.dumps(obj, ensure_ascii=ensure_ascii, **layout)
    assert text == expected
    # The str is well formed: it compares, hashes and encodes as the
    # standard library's does.
    assert hash(text) == hash(expected)
    assert text.encode("utf-8") == expected.encode("utf-8")
    assert bj.dumpb(obj, ensure_ascii=ensure_ascii, **layout) == expected.encode("utf-8")


def test_many_keys_repeated_across_dicts():
    # > 64 keys per dict, the same key objects in every dict (as json.loads
    # shares them), keys with escapes and of every kind: the key cache.
    keys = [f"k{i}" for i in range(70)]
    keys += ["tab\t", 'quote"', "back\\slash", "nl\n", "ctl\x01", "é", "\u20ac€", "\U0001f600"]
    keys += ["x" * 80 + "\n", "\ud800", "lone\udfff"]
    rows = [{k: i * 1000 + j for j, k in enumerate(keys)} for i in range(5)]
    doc = {"rows": rows, "again": rows[::-1]}
    for kw in ({}, {"ensure_ascii": False}, {"sort_keys": True}, {"indent": 1}):
        assert bj.dumps(doc, **kw) == json.dumps(doc, **kw)
    # Same keys as distinct (equal) objects in every dict.
    parsed = json.loads(json.dumps(rows[:3]))
    assert bj.dumps(parsed) == json.dumps(parsed)
    assert bj.dumps(parsed, ensure_ascii=False) == json.dumps(parsed, ensure_ascii=False)

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

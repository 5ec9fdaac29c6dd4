"""CPython's own json test suite (Lib/test/test_json), run against
brownfield.json.

CPython runs each test class twice, mixed with ``PyTest`` (the pure-Python
json) and ``CTest`` (the C accelerator). Here every ``PyTest`` variant is
re-mixed with a base whose ``json``, ``loads``, ``dumps`` and
``JSONDecodeError`` are brownfield's, so the same assertions hold for
brownfield.json. Left out, because they test json's private helpers rather
than its public API: test_scanstring (``json.decoder.scanstring``),
test_speedups (``_json``'s C functions), test_tool (``python -m
json.tool``) and ``encode_basestring_ascii`` (its cases are checked through
``dumps`` below instead).
"""

import importlib
import inspect
import unittest

import pytest

import brownfield.json as bj

try:
    import test.test_json as cpython_tests
except ImportError as e:  # pragma: no cover - the suite must not skip
    raise ImportError(
        "CPython's test package (test.test_json) is required: install the "
        "python3 test package (e.g. Debian's libpython3-testsuite) or use a full CPython"
    ) from e

MODULES = [
    "test_decode",
    "test_default",
    "test_dump",
    "test_encode_basestring_ascii",
    "test_enum",
    "test_fail",
    "test_float",
    "test_indent",
    "test_pass1",
    "test_pass2",
    "test_pass3",
    "test_recursion",
    "test_separators",
    "test_unicode",
]

# Tests of private helpers (see the module docstring).
PRIVATE = {"test_encode_basestring_ascii"}


class BrownfieldTest(unittest.TestCase):
    """The brownfield counterpart of CPython's ``PyTest``/``CTest`` bases."""

    json = bj
    loads = staticmethod(bj.loads)
    dumps = staticmethod(bj.dumps)
    JSONDecodeError = staticmethod(bj.JSONDecodeError)


def _collect():
    classes = {}
    for name in MODULES:
        mod = importlib.import_module(f"test.test_json.{name}")
        for cls_name, cls in vars(mod).items():
            if not (inspect.isclass(cls) and issubclass(cls, cpython_tests.PyTest)):
                continue
            if cls is cpython_tests.PyTest:
                continue
            mixins = tuple(b for b in cls.__bases__ if b is not cpython_tests.PyTest)
            body = {"__module__": __name__}
            for attr in PRIVATE:
                body[attr] = None  # not collected
            new_name = "TestBrownfield" + cls_name.removeprefix("TestPy")
            classes[new_name] = type(new_name, mixins + (BrownfieldTest,), body)
    return classes


CLASSES = _collect()
globals().update(CLASSES)


def test_the_suite_was_collected():
    # One class per CPython test module at least; none silently lost.
    assert len(CLASSES) >= len(MODULES)
    n = sum(
        len([m for m in dir(c) if m.startswith("test") and callable(getattr(c, m))])
        for c in CLASSES.values()
    )
    assert n >= 60


@pytest.mark.parametrize("text,expected", importlib.import_module(
    "test.test_json.test_encode_basestring_ascii").CASES)
def test_encode_basestring_ascii_cases(text, expected):
    # CPython's cases for json.encoder.encode_basestring_ascii, through the
    # public API.
    assert bj.dumps(text) == expected
    assert bj.dumps([text]) == f"[{expected}]"
    assert bj.dumps({text: 1}) == "{" + expected + ": 1}"

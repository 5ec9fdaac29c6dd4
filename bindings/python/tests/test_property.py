"""Property tests: random nested Python values, options and texts against
the standard library."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import brownfield.json as bj
from conftest import json_outcome

# Keys json accepts: str, int, float, bool, None.
keys = st.one_of(
    st.text(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**200), max_value=2**200),
    st.floats(),  # includes NaN and infinities, which json writes too
    st.text(),
)

values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.lists(children, max_size=6).map(tuple),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)

# Values that survive a JSON round trip unchanged: no NaN (NaN != NaN) and
# no infinities (not JSON), str keys, lists.
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**200), max_value=2**200),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(st.text(), children, max_size=6),
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_dumps_matches_json(v):
    assert bj.dumps(v) == json.dumps(v)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_loads_round_trip(v):
    text = json.dumps(v)
    assert bj.loads(text) == v
    assert bj.loads(text.encode()) == v
    compact = json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    assert bj.loads(compact) == v
    assert bj.dumps(bj.loads(compact)) == text


options = st.fixed_dictionaries(
    {},
    optional={
        "indent": st.one_of(st.none(), st.integers(-1, 4), st.sampled_from(["", "\t", " -"])),
        "separators": st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : ")]),
        "sort_keys": st.booleans(),
        "ensure_ascii": st.booleans(),
        "allow_nan": st.booleans(),
        "skipkeys": st.booleans(),
        "check_circular": st.booleans(),
    },
)


@settings(max_examples=500, deadline=None)
@given(values, options)
def test_dumps_with_options_matches_json(v, kw):
    # Same text, or the same exception (type and message).
    assert json_outcome(bj.dumps, v, **kw) == json_outcome(json.dumps, v, **kw)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_same_outcome_as_json(s):
    # Same value, or the same error message and position, as json.
    assert json_outcome(bj.loads, s) == json_outcome(json.loads, s)
    try:
        raw = s.encode("utf-8")
    except UnicodeEncodeError:
        return
    assert json_outcome(bj.loads, raw) == json_outcome(json.loads, raw)


# Long strings of ASCII runs (the 16-byte blocks the str builder widens at
# once) between characters of every width, as values and keys.
mixed_text = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(max_codepoint=0x7F), min_size=0, max_size=40),
        st.characters(min_codepoint=0x80, max_codepoint=0xFF),
        st.characters(min_codepoint=0x100, max_codepoint=0xFFFF, blacklist_categories=("Cs",)),
        st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF),
    ),
    max_size=24,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(mixed_text, max_size=4), mixed_text)
def test_long_mixed_strings_round_trip(strings, key):
    doc = {key: strings}
    for ensure_ascii in (True, False):
        text = bj.dumps(doc, ensure_ascii=ensure_ascii)
        assert text == json.dumps(doc, ensure_ascii=ensure_ascii)
        assert bj.loads(text) == doc
        assert bj.loads(text.encode()) == doc
    assert bj.loads_lines("\n".join(json.dumps(s, ensure_ascii=False) for s in strings)) == strings

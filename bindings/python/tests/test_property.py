"""Property tests: random nested Python values against the standard library."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import brownfield.json as bj

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


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_loads_or_typed_error(s):
    try:
        got = bj.loads(s)
    except bj.JSONDecodeError as e:
        assert 0 <= e.pos <= len(s)
        return
    assert got == json.loads(s)

#!/usr/bin/env python3
"""Writes the shared JSON test vectors that every language's suite runs.

Run from anywhere: `python3 tests/vectors/generate.py`. Outputs, next to this
script, in json/:

  valid/NAME.json        an input every binding must accept
  valid/NAME.out         its canonical compact serialization (as a host
                         language's map sees it: duplicate keys, last wins)
  valid/NAME.raw.out     only when it differs: the serialization with every
                         duplicate member kept, as the C/C++/Rust tape does
  invalid/NAME.json      an input every binding must reject
  manifest.tsv           one line per vector:
                           valid<TAB>NAME
                           invalid<TAB>NAME<TAB>error_kind<TAB>byte_offset

The canonical form is computed here by CPython's own `json` module
(`separators=(",", ":")`, `ensure_ascii=False`), an oracle independent of
brownfield; the error kinds and offsets are brownfield's documented contract
(see crates/brownfield/src/error.rs). Inputs are raw bytes, so invalid UTF-8
and NUL bytes survive exactly.
"""
import json
import pathlib
import shutil
import sys

sys.setrecursionlimit(20000)

HERE = pathlib.Path(__file__).resolve().parent / "json"

# ---- valid documents -------------------------------------------------------
VALID = {
    # literals and scalars at top level
    "lit_true": b"true", "lit_false": b"false", "lit_null": b"null",
    "ws_around": b" \t\r\n 1 \n\t", "scalar_string": b'"hello"',
    "empty_string": b'""', "empty_array": b"[]", "empty_object": b"{}",
    "ws_in_empty_array": b"[ \n ]", "ws_in_empty_object": b"{ \t }",
    # integers
    "int_zero": b"0", "int_neg_zero": b"-0", "int_one": b"1", "int_neg": b"-42",
    "int_i64_max": b"9223372036854775807", "int_i64_min": b"-9223372036854775808",
    "int_i64_max_plus1": b"9223372036854775808", "int_u64_max": b"18446744073709551615",
    "int_u64_max_plus1": b"18446744073709551616", "int_i64_min_minus1": b"-9223372036854775809",
    "int_big_30": b"123456789012345678901234567890",
    "int_big_neg_40": b"-1234567890123456789012345678901234567890",
    "int_big_100": b"1" + b"0" * 99,
    "int_in_array": b"[1,-1,0,10,-10]",
    # floats
    "float_simple": b"1.5", "float_neg": b"-0.25", "float_neg_zero": b"-0.0",
    "float_zero_exp": b"0e0", "float_exp": b"1e10", "float_exp_upper": b"1E10",
    "float_exp_plus": b"1e+2", "float_exp_minus": b"1e-2", "float_frac_exp": b"1.25e3",
    "float_tiny": b"5e-324", "float_subnormal": b"2.2250738585072011e-308",
    "float_max": b"1.7976931348623157e308", "float_min_normal": b"2.2250738585072014e-308",
    "float_pi": b"3.141592653589793", "float_third": b"0.3333333333333333",
    "float_round_even": b"9007199254740993.0", "float_many_digits": b"0.1000000000000000055511151231257827",
    "float_1e16": b"1e16", "float_1e15": b"1e15", "float_1e-5": b"1e-5", "float_1e-4": b"0.0001",
    "float_big_mantissa": b"123456789012345678901234567890.5",
    "float_exp_leading_zeros": b"1e007", "float_point_zero": b"100.0",
    "float_underflow": b"1e-400", "float_neg_underflow": b"-1e-400",
    "float_array": b"[0.1,0.2,0.30000000000000004,1e-7,-1.5e300]",
    # strings and escapes
    "str_escapes_all": b'"\\" \\\\ \\/ \\b \\f \\n \\r \\t"',
    "str_u_ascii": b'"\\u0041\\u0062"', "str_u_nul": b'"a\\u0000b"',
    "str_u_control": b'"\\u001f\\u0001"', "str_u_del": b'"\\u007f"',
    "str_u_latin": b'"\\u00e9"', "str_u_upper_hex": b'"\\u00E9\\u00C9"',
    "str_u_bmp": b'"\\u20ac\\uffff"', "str_u_surrogate_pair": b'"\\ud83d\\ude00"',
    "str_u_surrogate_upper": b'"\\uD834\\uDD1E"', "str_u_2028": b'"\\u2028\\u2029"',
    "str_utf8_2byte": "\"é ñ ü\"".encode(), "str_utf8_3byte": "\"€ 中文 日本語\"".encode(),
    "str_utf8_4byte": "\"😀 𝄞 🏳️‍🌈\"".encode(), "str_raw_del": b'"\x7f"',
    "str_raw_2028": "\"\u2028\"".encode(), "str_slash_raw": b'"a/b"',
    "str_mixed_escapes": b'"line1\\nline2\\ttab \\"q\\" \\u00e9 \xc3\xa9"',
    "str_long": b'"' + b"abcdefghij" * 1000 + b'"',
    "str_long_escapes": b'"' + b"\\n\\u00e9" * 500 + b'"',
    "str_only_escape": b'"\\\\"', "str_bom_inside": b'"\xef\xbb\xbf"',
    "str_noncharacter": "\"\ufdd0\ufffe\"".encode("utf-8", "surrogatepass"),
    "str_max_codepoint": "\"\U0010ffff\"".encode(), "str_u_max": b'"\\udbff\\udfff"',
    # arrays
    "arr_nested": b"[[[]]]", "arr_mixed": b'[1,"a",true,false,null,{},[],1.5]',
    "arr_ws": b"[ 1 , 2 , 3 ]", "arr_newlines": b"[\n1,\n2\n]",
    "arr_deep_100": b"[" * 100 + b"]" * 100, "arr_deep_1000": b"[" * 1000 + b"]" * 1000,
    "arr_1024_deep": b"[" * 1024 + b"]" * 1024,
    "arr_of_objects": b'[{"a":1},{"b":2},{}]', "arr_large": b"[" + b",".join(b"%d" % i for i in range(5000)) + b"]",
    # objects
    "obj_simple": b'{"a":1}', "obj_multi": b'{"a":1,"b":[1,2],"c":{"d":null}}',
    "obj_ws": b'{ "a" : 1 , "b" : 2 }', "obj_empty_key": b'{"":0}',
    "obj_escaped_key": b'{"\\u00e9\\n":1}', "obj_unicode_key": '{"ключ":"значение"}'.encode(),
    "obj_duplicate_keys": b'{"a":1,"a":2}', "obj_duplicate_nested": b'{"a":{"x":1},"b":2,"a":{"y":2}}',
    "obj_nested_deep": b'{"a":' * 50 + b"1" + b"}" * 50, "obj_key_order": b'{"z":1,"a":2,"m":3}',
    "obj_many_keys": b"{" + b",".join(b'"k%d":%d' % (i, i) for i in range(2000)) + b"}",
    "obj_numeric_keys": b'{"1":1,"2":2}', "obj_values_all_types": b'{"s":"x","n":1,"f":1.5,"t":true,"F":false,"z":null,"a":[],"o":{}}',
    # real-world shaped
    "rw_tweet": b'{"id":1136140133233238016,"text":"RT @user: hello \\ud83d\\ude00","entities":{"urls":[]},"retweet_count":12,"favorited":false,"geo":null}',
    "rw_geo": b'{"type":"Point","coordinates":[-65.613616999999977,43.420273000000009]}',
}

# ---- invalid documents: (input, kind, byte offset) --------------------------
INVALID = {
    "empty": (b"", "empty_input", 0),
    "only_ws": (b" \n\t ", "empty_input", 4),
    "trailing_comma_array": (b"[1,]", "expected_value", 3),
    "trailing_comma_object": (b'{"a":1,}', "expected_key", 7),
    "leading_comma": (b"[,1]", "expected_value", 1),
    "double_comma": (b"[1,,2]", "expected_value", 3),
    "missing_comma_array": (b"[1 2]", "expected_array_comma_or_end", 3),
    "missing_comma_object": (b'{"a":1 "b":2}', "expected_object_comma_or_end", 7),
    "missing_colon": (b'{"a" 1}', "expected_colon", 5),
    "colon_in_array": (b"[1:2]", "expected_array_comma_or_end", 2),
    "comma_instead_of_colon": (b'{"a",1}', "expected_colon", 4),
    "unquoted_key": (b"{a:1}", "expected_key", 1),
    "single_quoted_key": (b"{'a':1}", "expected_key", 1),
    "number_key": (b"{1:1}", "expected_key", 1),
    "single_quoted_string": (b"'a'", "expected_value", 0),
    "mismatched_close_array": (b"[1}", "expected_array_comma_or_end", 2),
    "mismatched_close_object": (b'{"a":1]', "expected_object_comma_or_end", 6),
    "unclosed_array": (b"[1,2", "unexpected_eof", 4),
    "unclosed_array_empty": (b"[", "unexpected_eof", 1),
    "unclosed_object": (b'{"a":1', "unexpected_eof", 6),
    "unclosed_object_empty": (b"{", "unexpected_eof", 1),
    "unclosed_object_after_key": (b'{"a"', "unexpected_eof", 4),
    "unclosed_object_after_colon": (b'{"a":', "unexpected_eof", 5),
    "unclosed_nested": (b"[[[", "unexpected_eof", 3),
    "extra_close": (b"[1]]", "trailing_characters", 3),
    "two_values": (b"1 2", "trailing_characters", 2),
    "trailing_garbage": (b"[1] x", "trailing_characters", 4),
    "trailing_nul": (b"1\x00", "trailing_characters", 1),
    "leading_nul": (b"\x001", "expected_value", 0),
    "trailing_comma_top": (b"1,", "trailing_characters", 1),
    # numbers
    "num_leading_zero": (b"01", "invalid_number", 0),
    "num_neg_leading_zero": (b"-01", "invalid_number", 0),
    "num_leading_plus": (b"+1", "expected_value", 0),
    "num_leading_dot": (b".5", "expected_value", 0),
    "num_trailing_dot": (b"1.", "unexpected_eof", 2),
    "num_trailing_dot_array": (b"[1.]", "invalid_number", 3),
    "num_dot_exp": (b"1.e5", "invalid_number", 2),
    "num_lone_minus": (b"-", "unexpected_eof", 1),
    "num_minus_space": (b"- 1", "invalid_number", 1),
    "num_minus_letter": (b"-a", "invalid_number", 1),
    "num_exp_no_digits": (b"1e", "unexpected_eof", 2),
    "num_exp_sign_no_digits": (b"[1e+]", "invalid_number", 4),
    "num_double_exp": (b"1e5e5", "trailing_characters", 3),
    "num_hex": (b"0x10", "trailing_characters", 1),
    "num_double_dot": (b"1.2.3", "trailing_characters", 3),
    "num_nan": (b"NaN", "expected_value", 0),
    "num_infinity": (b"Infinity", "expected_value", 0),
    "num_neg_infinity": (b"-Infinity", "invalid_number", 1),
    "num_in_array_bad": (b"[1,01]", "invalid_number", 3),
    # literals
    "lit_truncated_true": (b"tru", "unexpected_eof", 0),
    "lit_truncated_null_array": (b"[nul", "unexpected_eof", 1),
    "lit_bad_true": (b"trUe", "invalid_literal", 0),
    "lit_bad_false": (b"fals", "unexpected_eof", 0),
    "lit_bad_null": (b"nulL", "invalid_literal", 0),
    "lit_capital": (b"True", "expected_value", 0),
    "lit_true_suffix": (b"truex", "trailing_characters", 4),
    "lit_undefined": (b"undefined", "expected_value", 0),
    # strings
    "str_unterminated": (b'"abc', "unexpected_eof", 0),
    "str_unterminated_in_array": (b'["abc', "unexpected_eof", 1),
    "str_unterminated_escape": (b'"abc\\', "unexpected_eof", 4),
    "str_bad_escape_x": (b'"\\x41"', "invalid_escape", 1),
    "str_bad_escape_a": (b'"a\\a"', "invalid_escape", 2),
    "str_bad_escape_upper_u": (b'"\\U0041"', "invalid_escape", 1),
    "str_bad_escape_single_quote": (b'"\\\'"', "invalid_escape", 1),
    "str_bad_u_hex": (b'"\\u12G4"', "invalid_escape", 1),
    "str_short_u": (b'"\\u12"', "invalid_escape", 1),
    "str_truncated_u": (b'"\\u12', "unexpected_eof", 1),
    "str_lone_high_surrogate": (b'"\\ud800"', "invalid_unicode_escape", 1),
    "str_lone_low_surrogate": (b'"\\udc00"', "invalid_unicode_escape", 1),
    "str_high_then_char": (b'"\\ud800x"', "invalid_unicode_escape", 1),
    "str_high_then_high": (b'"\\ud800\\ud800"', "invalid_unicode_escape", 1),
    "str_high_then_escape": (b'"\\ud800\\n"', "invalid_unicode_escape", 1),
    "str_raw_newline": (b'"a\nb"', "control_character_in_string", 2),
    "str_raw_tab": (b'"a\tb"', "control_character_in_string", 2),
    "str_raw_nul": (b'"a\x00b"', "control_character_in_string", 2),
    "str_raw_control_1f": (b'"\x1f"', "control_character_in_string", 1),
    "str_raw_cr_key": (b'{"a\rb":1}', "control_character_in_string", 3),
    # UTF-8
    "utf8_lone_continuation": (b'"\x80"', "invalid_utf8", 1),
    "utf8_invalid_ff": (b'"\xff"', "invalid_utf8", 1),
    "utf8_truncated_2byte": (b'"\xc3"', "invalid_utf8", 1),
    "utf8_truncated_3byte": (b'"\xe2\x82"', "invalid_utf8", 1),
    "utf8_overlong_slash": (b'"\xc0\xaf"', "invalid_utf8", 1),
    "utf8_overlong_3byte": (b'"\xe0\x80\xaf"', "invalid_utf8", 1),
    "utf8_surrogate_encoded": (b'"\xed\xa0\x80"', "invalid_utf8", 1),
    "utf8_above_max": (b'"\xf4\x90\x80\x80"', "invalid_utf8", 1),
    "utf8_latin1_text": (b'["caf\xe9"]', "invalid_utf8", 5),
    "utf8_outside_string": (b"[1]\xff", "invalid_utf8", 3),
    "utf8_in_key": (b'{"\xfe":1}', "invalid_utf8", 2),
    "utf8_bom": (b"\xef\xbb\xbf[1]", "expected_value", 0),
    "utf16_le_bom": (b"\xff\xfe[\x001\x00]\x00", "invalid_utf8", 0),
    # structure and misc
    "comment_line": (b"[1] // c", "trailing_characters", 4),
    "comment_block": (b"/* c */ [1]", "expected_value", 0),
    "array_in_key": (b'{[1]:1}', "expected_key", 1),
    "object_no_value": (b'{"a":}', "expected_value", 5),
    "nested_unclosed_mixed": (b'{"a":[1,{"b":2]}', "expected_object_comma_or_end", 14),
    "close_only_array": (b"]", "expected_value", 0),
    "close_only_object": (b"}", "expected_value", 0),
    "ws_formfeed": (b"\x0c1", "expected_value", 0),
    "ws_vertical_tab": (b"[\x0b1]", "expected_value", 1),
    "ws_nbsp": (b"\xc2\xa01", "expected_value", 0),
    "deep_1025_arrays": (b"[" * 1025 + b"]" * 1025, "nesting_too_deep", 1024),
    "deep_100000_arrays": (b"[" * 100000, "nesting_too_deep", 1024),
    "deep_20000_objects": (b'{"a":' * 20000, "nesting_too_deep", 5 * 1024),
    "deep_100000_closed": (b"[" * 100000 + b"]" * 100000, "nesting_too_deep", 1024),
    "deep_mixed_1025": (b'[{"a":' * 513, "nesting_too_deep", 6 * 512),
    "truncated_tweet": (VALID["rw_tweet"][:60], "unexpected_eof", 56),
}


class _Pairs(dict):
    """A dict that serializes its members in parse order, duplicates kept."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.pairs = pairs

    def items(self):
        return self.pairs


def canonical(data: bytes, keep_duplicates: bool = False) -> bytes:
    """CPython's compact serialization of `data`; with `keep_duplicates`,
    objects keep every member in order (what a tape-based reader sees)."""
    hook = _Pairs if keep_duplicates else None
    value = json.loads(data.decode("utf-8"), object_pairs_hook=hook)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def main() -> None:
    if HERE.exists():
        shutil.rmtree(HERE)
    (HERE / "valid").mkdir(parents=True)
    (HERE / "invalid").mkdir(parents=True)
    lines = ["# kind\tname\terror_kind\tbyte_offset  (generated by tests/vectors/generate.py)"]
    for name, data in VALID.items():
        (HERE / "valid" / f"{name}.json").write_bytes(data)
        (HERE / "valid" / f"{name}.out").write_bytes(canonical(data))
        raw = canonical(data, keep_duplicates=True)
        if raw != canonical(data):
            # Duplicate keys: hosts building maps keep the last value (.out);
            # tape readers (Rust, C, C++) keep every member (.raw.out).
            (HERE / "valid" / f"{name}.raw.out").write_bytes(raw)
        lines.append(f"valid\t{name}")
    for name, (data, kind, offset) in INVALID.items():
        (HERE / "invalid" / f"{name}.json").write_bytes(data)
        lines.append(f"invalid\t{name}\t{kind}\t{offset}")
    (HERE / "manifest.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(VALID)} valid and {len(INVALID)} invalid vectors written to {HERE}")


if __name__ == "__main__":
    main()
